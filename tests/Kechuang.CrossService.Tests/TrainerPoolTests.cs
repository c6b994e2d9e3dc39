using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// The trainer pool of Training follows the Experts service's vetting, over the shared RabbitMQ
/// vhost: experts are registered and vetted through the Experts API, so Experts' rules, event map
/// and bridge publish what Training consumes. (Hand-built ExpertVetted messages are unit tests of
/// Training's consumer, in Kechuang.Training.Tests.)
/// </summary>
public sealed class TrainerPoolTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task A_trainer_approved_in_Experts_joins_Trainings_pool_and_can_be_named_on_a_course_and_a_rejected_one_cannot()
    {
        var training = platform.Training.ClientFor(Actors.Centre);
        var rejected = await Producers.VettedExpertAsync(platform, approve: false, provinces: ["北京市"], trainer: true, name: "吴未过");
        var approved = await Producers.VettedExpertAsync(platform, approve: true, provinces: ["北京市"], trainer: true, name: "李研究员");

        await Eventually.True(() => InPoolAsync(training, approved), TimeSpan.FromSeconds(30),
            "Training consumed the ExpertVetted the Experts service published");
        var trainer = await training.GetFromJsonAsync<JsonElement>($"/api/v1/trainers/{approved}");
        Assert.Equal("李研究员", trainer.GetProperty("name").GetString());
        Assert.Equal("中国科学院自动化研究所", trainer.GetProperty("affiliation").GetString());
        var now = platform.Training.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Created, (await training.PostAsJsonAsync("/api/v1/courses", Course(now, approved))).StatusCode);

        // The rejection was consumed too (Training recorded its message), and left no trainer.
        var vetting = await VettingEventAsync(rejected);
        await Eventually.True(async () =>
        {
            await using var session = platform.Training.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<ProcessedMessage>().AnyAsync(m => m.MessageId == vetting);
        }, TimeSpan.FromSeconds(30), "Training consumed the rejection");
        Assert.False(await InPoolAsync(training, rejected));
        var refused = await training.PostAsJsonAsync("/api/v1/courses", Course(now, rejected));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("trainer_not_in_pool", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>The id of the expert's vetting event in Experts, which its bridge publishes as the message id.</summary>
    private async Task<Guid> VettingEventAsync(Guid expert)
    {
        await using var session = platform.Experts.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(expert)).Single(e => e.Data is Experts.Domain.ExpertVetted).Id;
    }

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
