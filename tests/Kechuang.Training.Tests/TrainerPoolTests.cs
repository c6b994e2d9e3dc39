using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>The pool follows the Experts service's ExpertVetted events, published here on the service's own vhost.</summary>
public sealed class TrainerPoolTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task An_expert_approved_as_trainer_joins_the_pool_and_can_be_named_on_a_course()
    {
        var expert = Guid.NewGuid();
        await service.VetAsync(expert, approved: true, trainer: true, service.Clock.GetUtcNow());
        await Eventually.True(() => _centre.InPoolAsync(expert), because: "the approved trainer appears in GET /trainers");

        var trainer = await _centre.GetAsync($"/api/v1/trainers/{expert}").OkAsync();
        Assert.Equal("王院士", trainer.GetProperty("name").GetString());
        var course = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [expert]))
            .CreatedAsync();
        Assert.Equal(expert, Assert.Single(course.GetProperty("trainerIds").EnumerateArray()).GetGuid());
    }

    [Fact]
    public async Task A_rejected_expert_leaves_the_pool_and_can_no_longer_be_named()
    {
        var expert = Guid.NewGuid();
        var at = service.Clock.GetUtcNow();
        await service.VetAsync(expert, approved: true, trainer: true, at);
        await Eventually.True(() => _centre.InPoolAsync(expert));

        await service.VetAsync(expert, approved: false, trainer: true, at.AddMinutes(1));
        await Eventually.True(async () => !await _centre.InPoolAsync(expert), because: "the rejected expert leaves the pool");

        var problem = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [expert]))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "trainer_not_in_pool");
        Assert.Contains(expert.ToString(), problem.GetProperty("detail").GetString());
        await _centre.GetAsync($"/api/v1/trainers/{expert}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_approved_expert_not_flagged_as_trainer_stays_out_of_the_pool()
    {
        var notTrainer = Guid.NewGuid();
        var trainer = Guid.NewGuid();
        await service.VetAsync(notTrainer, approved: true, trainer: false, service.Clock.GetUtcNow());
        await service.VetAsync(trainer, approved: true, trainer: true, service.Clock.GetUtcNow());

        await Eventually.True(() => _centre.InPoolAsync(trainer));
        Assert.False(await _centre.InPoolAsync(notTrainer));
        await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [notTrainer]))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "trainer_not_in_pool");
    }

    [Fact]
    public async Task A_redelivered_approval_does_not_bring_a_rejected_expert_back()
    {
        var expert = Guid.NewGuid();
        var approvalId = Guid.NewGuid();
        var at = service.Clock.GetUtcNow();
        await service.VetAsync(expert, approved: true, trainer: true, at, messageId: approvalId);
        await Eventually.True(() => _centre.InPoolAsync(expert));
        // Vetted again at the same instant: only the message id tells the redelivery below apart.
        await service.VetAsync(expert, approved: false, trainer: true, at);
        await Eventually.True(async () => !await _centre.InPoolAsync(expert));

        using var handled = new HandledMessages("ExpertVettedConsumer");
        await service.VetAsync(expert, approved: true, trainer: true, at, messageId: approvalId);
        await Eventually.True(() => Task.FromResult(handled.Duplicates >= 1), because: "the redelivery was recognised");

        Assert.False(await _centre.InPoolAsync(expert));
    }

    [Fact]
    public async Task A_vetting_older_than_the_one_applied_changes_nothing()
    {
        var expert = Guid.NewGuid();
        var at = service.Clock.GetUtcNow();
        await service.VetAsync(expert, approved: true, trainer: true, at);
        await Eventually.True(() => _centre.InPoolAsync(expert));
        await service.VetAsync(expert, approved: false, trainer: true, at.AddMinutes(5));
        await Eventually.True(async () => !await _centre.InPoolAsync(expert));

        using var handled = new HandledMessages("ExpertVettedConsumer");
        var lateApproval = Guid.NewGuid();
        await service.VetAsync(expert, approved: true, trainer: true, at.AddMinutes(1), messageId: lateApproval);
        await Eventually.True(() => handled.HandledAsync(service, lateApproval), because: "the late approval was handled");

        Assert.False(await _centre.InPoolAsync(expert));
    }

    [Fact]
    public async Task The_pool_is_filtered_by_topic_and_province()
    {
        var expert = Guid.NewGuid();
        await service.VetAsync(expert, approved: true, trainer: true, service.Clock.GetUtcNow());
        await Eventually.True(() => _centre.InPoolAsync(expert));

        var ai = await _centre.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/trainers?topic=artificial-intelligence&province=北京市");
        Assert.Contains(ai.GetProperty("items").EnumerateArray(), t => t.GetProperty("expertId").GetGuid() == expert);
        var robotics = await _centre.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/trainers?topic=robotics");
        Assert.DoesNotContain(robotics.GetProperty("items").EnumerateArray(), t => t.GetProperty("expertId").GetGuid() == expert);
        await _centre.GetAsync("/api/v1/trainers?topic=alchemy").ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
