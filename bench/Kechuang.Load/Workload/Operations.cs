using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Kechuang.Load.Data;
using Kechuang.Load.Http;
using Kechuang.Load.Measure;
using Kechuang.Load.Seeding;
using Kechuang.Load.Verification;

namespace Kechuang.Load.Workload;

/// <summary>One thing a partner does: a read (one request) or a write flow (one or more requests).</summary>
public delegate Task<bool> Operation(Client client, Recorder recorder, CancellationToken ct);

public sealed record WeightedOperation(string Name, double Weight, Operation Run);

/// <summary>
/// The realistic mix: partner reads (lists, Chinese searches, records by id, the public pilot
/// list and certificate checks), writes along the programme's workflows (apply, recommend,
/// enrol and complete, request and assign and deliver a visit, deliver a resource, register and
/// vet an expert), and a trickle of bad requests that must be answered 4xx. Writes the system
/// acknowledges go to the <see cref="Ledger"/>; records pass from one write to the next through
/// the <see cref="World"/>'s queues.
/// </summary>
public sealed class Operations(World world, Names names, Ledger ledger)
{
    private static readonly string[] Topics = ["robotics", "aerospace", "artificial-intelligence", "physics", "biology", "science-investigation", "environment", "engineering"];
    private static readonly string[] ExpertWords = ["大学", "研究所", "物理", "生命科学", "中国科学院", "计算机"];
    private static readonly int[] NotFound = [404];
    private static readonly int[] Refusals = [409, 422];
    private static readonly int[] ClientErrors = [400, 403, 404, 409, 413, 415, 422];

    /// <summary>A read as a call, so that the same read can go through the gateway or straight to the service.</summary>
    public sealed record Read(string Name, double Weight, Func<Call> Next);

    public IReadOnlyList<Read> Reads =>
    [
        new("applications of a province", 8, () =>
        {
            var province = names.Pick(Places.Provinces);
            return Call.Get($"/api/v1/applications?province={E(province)}&status=submitted&pageSize=20", world.ProvinceKeys[province]);
        }),
        new("applications by name (Chinese substring)", 6, () =>
            Call.Get($"/api/v1/applications?q={E(names.Pick(world.ApplicantWords))}&pageSize=20", world.Centres.Next())),
        new("application", 8, () => Call.Get($"/api/v1/applications/{names.Pick(world.Applications).Id}", world.Centres.Next())),
        new("resources by text (Chinese substring)", 8, () =>
            Call.Get($"/api/v1/resources?q={E(names.Pick(names.SearchWords))}&pageSize=20", world.Readers.Next())),
        new("resources by topic and grade", 6, () =>
            Call.Get($"/api/v1/resources?topic={names.Pick(Topics)}&grade=grade-{names.Between(1, 13)}&pageSize=20",
                world.SchoolKeys[names.Pick(Places.Provinces)])),
        new("resource", 6, () => Call.Get($"/api/v1/resources/{names.Pick(world.Resources)}", world.Readers.Next())),
        new("experts by topic and province", 5, () =>
        {
            var province = names.Pick(Places.Provinces);
            return Call.Get($"/api/v1/experts?topic={names.Pick(Topics)}&province={E(province)}&status=approved", world.ProvinceKeys[province]);
        }),
        new("experts by text", 4, () => Call.Get($"/api/v1/experts?q={E(names.Pick(ExpertWords))}&pageSize=20", world.Centres.Next())),
        new("expert", 5, () =>
        {
            var expert = names.Pick(world.Experts);
            return Call.Get($"/api/v1/experts/{expert.Id}", world.SchoolKeys[expert.Province]);
        }),
        new("courses", 3, () => Call.Get("/api/v1/courses?pageSize=20", world.SchoolKeys[names.Pick(Places.Provinces)])),
        new("course", 3, () => Call.Get($"/api/v1/courses/{names.Pick(world.Courses).Id}", world.SchoolKeys[names.Pick(Places.Provinces)])),
        new("trainer pool", 2, () => Call.Get("/api/v1/trainers?pageSize=50", world.Centres.Next())),
        new("pilots of a province", 3, () => Call.Get($"/api/v1/pilots?province={E(names.Pick(Places.Provinces))}", world.Readers.Next())),
        new("coverage by province", 3, () => Call.Get("/api/v1/coverage?level=province", world.Readers.Next())),
        new("certificate verification", 8, () =>
        {
            var code = names.Chance(0.1) ? "KC-2222-3333-4444-5555-6666" : world.Certificates.Random() ?? "KC-2222-3333-4444-5555-6666";
            return Call.Get($"/api/v1/certificates/{code}", names.Chance(0.5) ? world.Readers.Next() : world.SchoolKeys[names.Pick(Places.Provinces)], NotFound);
        }),
        new("calls", 1, () => Call.Get("/api/v1/calls", world.Readers.Next())),
        new("campaign progress", 1, () => Call.Get($"/api/v1/campaigns/{names.Pick(world.Campaigns)}/progress", world.Readers.Next())),
    ];

    public IReadOnlyList<WeightedOperation> ReadMix => Reads.Select(r => new WeightedOperation(r.Name, r.Weight, ReadOnce(r))).ToList();

    /// <summary>Reads and writes, about one request in five a write.</summary>
    public IReadOnlyList<WeightedOperation> FullMix =>
    [
        .. ReadMix,
        new("apply (draft, seal scan, submit)", 2.5, ApplyAsync),
        new("recommend", 1.5, RecommendAsync),
        new("enrol", 2, EnrolAsync),
        new("attend and complete", 0.75, CompleteAsync),
        new("request and assign a visit", 1, RequestVisitAsync),
        new("accept and deliver a visit", 0.75, DeliverVisitAsync),
        new("deliver a resource to a rural school", 0.75, DeliverResourceAsync),
        new("register and vet an expert", 0.5, RegisterExpertAsync),
        new("bad request", 0.5, BadRequestAsync),
    ];

    private static Operation ReadOnce(Read read) => async (client, recorder, ct) =>
    {
        await client.SendAsync(read.Next(), recorder, ct);
        return true;
    };

    /// <summary>The submission phase: a sealed draft prepared by the seed is submitted.</summary>
    public async Task<bool> SubmitDraftAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        if (!world.Drafts.TryDequeue(out var draft)) return false;
        var submitted = await client.SendAsync(Call.Post($"/api/v1/applications/{draft.Id}/submit", draft.Owner, new { declaration = true }), recorder, ct);
        ledger.Acknowledged(submitted, "submit", $"/api/v1/applications/{draft.Id}", "application-submitted");
        if (submitted.Ok) world.AwaitingRecommendation.Enqueue(draft);
        return true;
    }

    private async Task<bool> ApplyAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var province = names.Pick(Places.Provinces);
        var unit = world.UnitKeys[province];
        var drafted = await client.SendAsync(Call.Post("/api/v1/applications", unit, Seeder.UnitForm(names, world.OpenCall, province)), recorder, ct);
        if (!drafted.Ok) return true;
        var record = $"/api/v1/applications/{drafted.Id}";
        ledger.Acknowledged(drafted, "create application", record, "application-drafted");
        var sealed_ = await client.SendAsync(new Call(HttpMethod.Put, $"{record}/seal-scan", unit, Content: Seeder.SealScanContent()), recorder, ct);
        ledger.Acknowledged(sealed_, "upload seal scan", record, "seal-scan-uploaded");
        if (!sealed_.Ok) return true;
        var submitted = await client.SendAsync(Call.Post($"{record}/submit", unit, new { declaration = true }), recorder, ct);
        ledger.Acknowledged(submitted, "submit", record, "application-submitted");
        if (submitted.Ok) world.AwaitingRecommendation.Enqueue(new ApplicationRef(drafted.Id, province, unit));
        return true;
    }

    private async Task<bool> RecommendAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        if (!world.AwaitingRecommendation.TryDequeue(out var application)) return false;
        var decision = names.Chance(0.8) ? "recommend" : names.Chance(0.5) ? "return" : "not-recommend";
        var reply = await client.SendAsync(Call.Post($"/api/v1/applications/{application.Id}/recommendation", world.ProvinceKeys[application.Province],
            new { decision, comment = decision == "recommend" ? "同意推荐" : "请补充近三年活动材料" }, Refusals), recorder, ct);
        ledger.Acknowledged(reply, "recommend", $"/api/v1/applications/{application.Id}",
            "application-recommended", "application-returned", "application-not-recommended");
        return true;
    }

    private async Task<bool> EnrolAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var province = names.Pick(Places.Provinces);
        var course = names.Pick(world.Courses);
        var reply = await client.SendAsync(Call.Post($"/api/v1/courses/{course.Id}/enrolments", world.SchoolKeys[province],
            new { teacher = Seeder.Teacher(names, province) }), recorder, ct);
        if (!reply.Ok) return true;
        ledger.Acknowledged(reply, "enrol", $"/api/v1/enrolments/{reply.Id}", "teacher-enrolled", "teacher-waitlisted");
        return true;
    }

    private async Task<bool> CompleteAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        if (!world.Enrolled.TryDequeue(out var enrolment)) return false;
        var centre = world.Centres.Next();
        var record = $"/api/v1/enrolments/{enrolment}";
        for (var session = 0; session < 2; session++)
        {
            var attended = await client.SendAsync(Call.Post($"{record}/attendance", centre, new { session, present = true }), recorder, ct);
            ledger.Acknowledged(attended, "record attendance", record, "attendance-recorded");
            if (!attended.Ok) return true;
        }
        var completed = await client.SendAsync(Call.Post($"{record}/completion", centre, null), recorder, ct);
        ledger.Acknowledged(completed, "complete", record, "enrolment-completed");
        if (completed.Ok) world.Certificates.Add(completed.Json.GetProperty("certificateCode").GetString()!);
        return true;
    }

    private async Task<bool> RequestVisitAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var province = names.Pick(Places.Provinces);
        var requested = await client.SendAsync(Call.Post("/api/v1/visit-requests", world.SchoolKeys[province],
            Seeder.VisitForm(names, province, world.FirstSlotDay)), recorder, ct);
        if (!requested.Ok) return true;
        var record = $"/api/v1/visit-requests/{requested.Id}";
        ledger.Acknowledged(requested, "request a visit", record, "visit-requested");
        var expert = names.Pick(world.ExpertKeys);
        var (start, end) = world.NextSlot(expert.ExpertId!.Value);
        var assigned = await client.SendAsync(Call.Post($"{record}/assignment", world.ProvinceKeys[province],
            new { expertId = expert.ExpertId, start, end }, Refusals), recorder, ct);
        ledger.Acknowledged(assigned, "assign", record, "visit-assigned");
        if (assigned.Ok) world.AssignedVisits.Enqueue(new AssignedVisit(requested.Id, expert));
        return true;
    }

    private async Task<bool> DeliverVisitAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        if (!world.AssignedVisits.TryDequeue(out var visit)) return false;
        var record = $"/api/v1/visit-requests/{visit.Id}";
        var accepted = await client.SendAsync(Call.Post($"{record}/acceptance", visit.Expert, new { accept = true, reason = "乐意前往" }), recorder, ct);
        ledger.Acknowledged(accepted, "accept", record, "visit-accepted");
        if (!accepted.Ok) return true;
        var delivered = await client.SendAsync(Call.Post($"{record}/delivery", visit.Expert,
            new { deliveredAt = DateTimeOffset.UtcNow.AddMinutes(-1), audienceCount = names.Between(40, 600), durationMinutes = 90 }), recorder, ct);
        ledger.Acknowledged(delivered, "deliver a visit", record, "visit-delivered");
        return true;
    }

    private async Task<bool> DeliverResourceAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var city = names.Pick(Places.Cities);
        var county = city.Counties[names.Between(0, city.Counties.Count - 1)];
        var reply = await client.SendAsync(Call.Post("/api/v1/deliveries", world.Centres.Next(), new
        {
            resourceId = names.Pick(world.Resources),
            // A school of its own each time: a resource is delivered to a school once.
            school = new { name = $"{county}第{names.Next()}小学", province = city.Province, city = city.Name, county, rural = true },
            mode = "offline",
            deliveredAt = DateTimeOffset.UtcNow.AddHours(-1),
        }), recorder, ct);
        if (reply.Ok) ledger.Acknowledged(reply, "deliver a resource", $"/api/v1/deliveries/{reply.Id}", "delivery-recorded");
        return true;
    }

    private async Task<bool> RegisterExpertAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var registered = await client.SendAsync(Call.Post("/api/v1/experts", world.Centres.Next(), Seeder.ExpertForm(names, names.Chance(0.5))), recorder, ct);
        if (!registered.Ok) return true;
        var record = $"/api/v1/experts/{registered.Id}";
        ledger.Acknowledged(registered, "register an expert", record, "expert-registered");
        var vetted = await client.SendAsync(Call.Post($"{record}/vetting", world.Centres.Next(), new { decision = "approve", comment = "同意入库" }), recorder, ct);
        ledger.Acknowledged(vetted, "vet", record, "expert-vetted");
        return true;
    }

    /// <summary>Client errors of several kinds; each must be a 4xx problem, never a 5xx.</summary>
    private async Task<bool> BadRequestAsync(Client client, Recorder recorder, CancellationToken ct)
    {
        var province = names.Pick(Places.Provinces);
        var call = names.Between(0, 6) switch
        {
            0 => new Call(HttpMethod.Post, "/api/v1/applications", world.UnitKeys[province],
                Content: new StringContent("{\"callId\": \"", Encoding.UTF8, "application/json"), Route: "POST /api/v1/applications (malformed JSON)"),
            1 => new Call(HttpMethod.Post, "/api/v1/experts", world.Centres.Next(),
                new { name = "张三", provinces = new[] { "火星省" }, phone = "12345", email = "not-an-email" }, Route: "POST /api/v1/experts (invalid fields)"),
            2 => new Call(HttpMethod.Post, "/api/v1/visit-requests", world.SchoolKeys[province],
                new { kind = "magic-show", topic = "alchemy", grades = new[] { "grade-13" } }, Route: "POST /api/v1/visit-requests (unknown values)"),
            3 => new Call(HttpMethod.Post, $"/api/v1/courses/{names.Pick(world.Courses).Id}/enrolments", world.SchoolKeys[province],
                new { teacher = new { name = "", province = "北京", phone = "0000" } }, Route: "POST /api/v1/courses/{id}/enrolments (invalid teacher)"),
            4 => new Call(HttpMethod.Get, "/api/v1/applications?pageSize=100000&status=approved-ish", world.Centres.Next(),
                Route: "GET /api/v1/applications (invalid query)"),
            _ => BadScan(names.Pick(world.Applications)),
        };
        var reply = await client.SendAsync(call with { AlsoExpected = ClientErrors }, recorder, ct);
        BadRequestAnswers.AddOrUpdate(reply.Status, 1, (_, n) => n + 1);
        return true;
    }

    /// <summary>How the bad requests were answered (status → count); anything but a 4xx is a bug.</summary>
    public ConcurrentDictionary<int, long> BadRequestAnswers { get; } = new();

    private static Call BadScan(ApplicationRef application)
    {
        var content = new ByteArrayContent("this is not a scan"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new Call(HttpMethod.Put, $"/api/v1/applications/{application.Id}/seal-scan", application.Owner,
            Content: content, Route: "PUT /api/v1/applications/{id}/seal-scan (not a PDF)");
    }

    private static string E(string value) => Uri.EscapeDataString(value);
}
