using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kechuang.Client;
using Kechuang.Client.Models;
using Kechuang.Gateway.Tests;
using Kechuang.TestKit;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// A partner system that knows the API only through the typed client generated from the
/// checked-in document (<c>clients/Kechuang.Client</c>): every call below goes through it, so an
/// operation, a field or an answer the document gets wrong fails here.
/// </summary>
public sealed class TypedClientPartnerFlowTests(SystemFixture system)
{
    /// <summary>Provinces no other end-to-end test uses.</summary>
    private const string Province = "山西省";
    private const string OtherProvince = "陕西省";

    [Fact]
    public async Task A_partner_system_takes_a_pilot_unit_from_call_to_designation_and_gets_the_signed_webhook()
    {
        var centre = Api(await system.ClientAsync("centre"));
        var unit = Api(await system.ClientAsync("unit", organizationId: Guid.NewGuid()));
        var province = Api(await system.ClientAsync("province", Province));
        var otherProvince = Api(await system.ClientAsync("province", OtherProvince));
        var anyone = Api(system.Gateway);

        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await centre.Webhooks.PostAsync(new RegisterRequest
        {
            Url = receiver.Url,
            EventTypes = ["pilot-designated"],
        });
        var secret = webhook!.Secret!;
        Assert.StartsWith("whsec_", secret);

        var call = await centre.Calls.PostAsync(new OpenCallRequest
        {
            Title = $"2022年“科创筑梦”助力“双减”科普行动试点申报（{Guid.NewGuid().ToString("N")[..6]}）",
            Year = 2022,
            Kinds = [PilotKind.PilotUnit, PilotKind.PilotCity],
            OpensAt = DateTimeOffset.UtcNow.AddDays(-1),
            Deadline = DateTimeOffset.UtcNow.AddDays(30),
            CityQuotaPerProvince = 5,
        });
        var name = $"太原市迎泽区实验小学{Guid.NewGuid():N}"[..20];
        var drafted = await unit.Applications.PostAsync(new ApplicationForm
        {
            CallId = call!.Id,
            Kind = PilotKind.PilotUnit,
            Applicant = new ApplicantInput
            {
                Name = name,
                Type = ApplicantType.PrimarySchool,
                Province = Province,
                City = "太原市",
                County = "迎泽区",
                Address = "山西省太原市迎泽区迎泽大街1号",
                ContactName = "王老师",
                Phone = "13800138000",
                Email = "school@example.cn",
            },
            TrackRecord = "2018年至2021年，学校开展科学调查体验、机器人和航天主题活动。",
            WorkPlan = "开设科技选修课，组织科学家进校园科普报告。",
        });
        Assert.Equal(ApplicationStatus.Draft, drafted!.Status);
        var application = unit.Applications[drafted.Id!.Value];

        using var scan = new MemoryStream(DashboardSeed.SealScanPng);
        var sealed_ = await application.SealScan.PutAsync(scan, "image/png");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(DashboardSeed.SealScanPng)), sealed_!.Sha256);
        var submitted = await application.Submit.PostAsync(new SubmitRequest { Declaration = true });
        Assert.Equal(ApplicationStatus.Submitted, submitted!.Status);

        // Another province's key: the problem answer arrives as the typed Problem, with its code.
        var refused = await Assert.ThrowsAsync<Problem>(() => otherProvince.Applications[drafted.Id.Value].Recommendation.PostAsync(
            new RecommendationRequest { Decision = RecommendationDecision.Recommend, Comment = "同意推荐" }));
        Assert.Equal((404, "not_found"), (refused.ResponseStatusCode, refused.Code));

        var recommended = await province.Applications[drafted.Id.Value].Recommendation.PostAsync(
            new RecommendationRequest { Decision = RecommendationDecision.Recommend, Comment = "同意推荐" });
        Assert.Equal(ApplicationStatus.Recommended, recommended!.Status);
        await centre.Applications[drafted.Id.Value].Reviews.PostAsync(new ReviewRequest { Score = 92, Comment = "基础扎实" });
        var designated = await centre.Applications[drafted.Id.Value].Designation.PostAsync(
            new DesignationRequest { Decision = DesignationDecision.Designate, Comment = "同意命名" });
        Assert.Equal(ApplicationStatus.Designated, designated!.Status);
        var pilotId = designated.PilotId!.Value;

        // The public list, without a key.
        var pilots = await anyone.Pilots.GetAsync(q =>
        {
            q.QueryParameters.Year = 2022;
            q.QueryParameters.Province = Province;
            q.QueryParameters.PageSize = 200;
        });
        var pilot = Assert.Single(pilots!.Items!, p => p.Id == pilotId);
        Assert.Equal((PilotKind.PilotUnit, name, "太原市"), (pilot.Kind, pilot.Name, pilot.City));

        var delivery = await Eventually.Until(() => Task.FromResult(receiver.Calls.FirstOrDefault(c => PilotOf(c) == pilotId)),
            c => c is not null, TimeSpan.FromSeconds(60), $"the webhook delivers the designation of pilot {pilotId}");
        Assert.True(IsSignedWith(secret, delivery!), "the delivery carries a Standard Webhooks signature made with the secret");
        Assert.False(IsSignedWith("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), delivery!),
            "another secret does not verify it");
    }

    /// <summary>The generated client on <paramref name="http"/> (its base address and key), at <c>/api/v1</c>.</summary>
    private static Kechuang.Client.Api.V1.V1RequestBuilder Api(HttpClient http) =>
        new KechuangClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        }).Api.V1;

    private static Guid? PilotOf(WebhookReceiver.Received call) =>
        JsonDocument.Parse(call.Body).RootElement.GetProperty("data").TryGetProperty("pilotId", out var id) ? id.GetGuid() : null;

    /// <summary>A receiver's check, as README "Webhooks" shows it: a fresh timestamp and a <c>v1,</c> signature made with the secret's key.</summary>
    private static bool IsSignedWith(string secret, WebhookReceiver.Received call)
    {
        if (!long.TryParse(call.Header("webhook-timestamp"), out var timestamp)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 5 * 60) return false;
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{call.Header("webhook-id")}.{timestamp}."), .. Encoding.UTF8.GetBytes(call.Body)];
        var expected = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed);
        foreach (var signature in (call.Header("webhook-signature") ?? "").Split(' '))
        {
            var given = new byte[32];
            if (signature.StartsWith("v1,", StringComparison.Ordinal) && Convert.TryFromBase64String(signature[3..], given, out var length)
                && length == 32 && CryptographicOperations.FixedTimeEquals(expected, given)) return true;
        }
        return false;
    }
}
