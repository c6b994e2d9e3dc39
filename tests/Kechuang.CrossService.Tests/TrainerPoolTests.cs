using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts.Experts;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// The trainer pool of Training follows the Experts service's vetting, over the shared RabbitMQ
/// vhost. The vetting is published by the Experts host's own bus, exactly as its event bridge
/// publishes <see cref="ExpertVetted"/> (message id = the domain event's id).
/// </summary>
public sealed class TrainerPoolTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task An_expert_vetted_as_trainer_appears_in_the_trainer_pool_and_can_be_named_on_a_course_until_rejected()
    {
        var expertId = Guid.NewGuid();
        var training = platform.Training.ClientFor(Actors.Centre);
        var at = DateTimeOffset.UtcNow;

        await VetAsync(expertId, approved: true, at);
        await Eventually.True(() => InPoolAsync(training, expertId), because: "Training consumed ExpertVetted from the Experts service");

        var now = platform.Training.Clock.GetUtcNow();
        var course = await training.PostAsJsonAsync("/api/v1/courses", Course(now, expertId));
        Assert.Equal(HttpStatusCode.Created, course.StatusCode);

        await VetAsync(expertId, approved: false, at.AddMinutes(1));
        await Eventually.True(async () => !await InPoolAsync(training, expertId), because: "a rejected expert leaves the pool");
        var refused = await training.PostAsJsonAsync("/api/v1/courses", Course(now, expertId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("trainer_not_in_pool", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private Task VetAsync(Guid expertId, bool approved, DateTimeOffset at) =>
        platform.Experts.Services.GetRequiredService<IBus>().Publish(
            new ExpertVetted(expertId, "李研究员", "中国科学院自动化研究所", approved, Trainer: true,
                ["artificial-intelligence"], ["北京市"], null, at),
            context => context.MessageId = Guid.NewGuid());

    private static async Task<bool> InPoolAsync(HttpClient training, Guid expertId)
    {
        var page = await training.GetFromJsonAsync<JsonElement>("/api/v1/trainers?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("expertId").GetGuid() == expertId);
    }

    private static object Course(DateTimeOffset now, Guid trainerId) => new
    {
        title = "人工智能教育前沿",
        area = "frontier-science",
        mode = "online",
        trainerIds = new[] { trainerId },
        capacity = 40,
        sessions = new[] { new { start = now.AddDays(10), end = now.AddDays(10).AddHours(3) } },
        rural = false,
        enrolmentDeadline = now.AddDays(9),
    };
}
