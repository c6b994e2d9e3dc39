using JasperFx.Events;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using Marten.Events.Projections;

namespace Kechuang.Outreach.ReadModels;

/// <summary>
/// What reached one rural county, from the service's own records (campaign activities, stations)
/// and the facts received from the other services. <see cref="Schools"/> holds the normalised
/// names of the schools reached, so a school counts once however often and by whatever it is
/// reached. Cities and provinces are sums of their counties (a school lies in one county).
/// </summary>
public sealed record CountyCoverage(
    string Id, string Province, string? City, string? County, IReadOnlyList<string> Schools, int StudentsReached,
    int TeachersTrained, int ActivitiesHeld, int ExpertVisits, int ResourcesDelivered, int Stations)
{
    public static CountyCoverage Empty(string id, string province, string? city, string? county) =>
        new(id, province, Places.Name(city), Places.Name(county), [], 0, 0, 0, 0, 0, 0);

    public CountyCoverage Reached(string schoolName)
    {
        var name = Places.SchoolName(schoolName);
        return Schools.Contains(name) ? this : this with { Schools = [.. Schools, name] };
    }
}

/// <summary>
/// Builds <see cref="CountyCoverage"/> asynchronously (the daemon applies events one at a time in
/// sequence order, so concurrent consumers never race on a county's row), and can be rebuilt
/// from the event store: <c>POST /api/v1/coverage/rebuild</c>.
/// </summary>
public sealed class CountyCoverageProjection : MultiStreamProjection<CountyCoverage, string>
{
    public const string ProjectionName = "county-coverage";

    private readonly EventTraceLinks _traces;

    /// <param name="traces">Links the daemon's page to the requests that appended its events.</param>
    public CountyCoverageProjection(EventTraceLinks traces)
    {
        _traces = traces;
        Name = ProjectionName;
        Identity<ActivityRecorded>(e => Places.CountyKey(e.Province, e.City, e.County));
        Identity<StationEstablished>(e => Places.CountyKey(e.Province, e.City, e.County));
        Identity<ExpertVisitReceived>(e => e.School.CountyKey());
        Identity<ResourceDeliveryReceived>(e => e.School.CountyKey());
        Identity<TeacherTrainingReceived>(e => e.School.CountyKey());
    }

    public override CountyCoverage? Evolve(CountyCoverage? snapshot, string id, IEvent e)
    {
        _traces.Remember(e);
        switch (e.Data)
        {
            case ActivityRecorded a:
            {
                var c = Start(snapshot, id, a.Province, a.City, a.County).Reached(a.SchoolName);
                var training = a.Kind == ActivityKind.Training;
                return c with
                {
                    ActivitiesHeld = c.ActivitiesHeld + 1,
                    StudentsReached = c.StudentsReached + (training ? 0 : a.Participants),
                    TeachersTrained = c.TeachersTrained + (training ? a.Participants : 0),
                    ResourcesDelivered = c.ResourcesDelivered + (a.Kind == ActivityKind.Resources ? 1 : 0),
                };
            }
            case StationEstablished s:
            {
                var c = Start(snapshot, id, s.Province, s.City, s.County);
                return c with { Stations = c.Stations + 1 };
            }
            case ExpertVisitReceived v:
            {
                var c = Start(snapshot, id, v.School).Reached(v.School.Name);
                return c with { ExpertVisits = c.ExpertVisits + 1, StudentsReached = c.StudentsReached + v.AudienceCount };
            }
            case ResourceDeliveryReceived r:
            {
                var c = Start(snapshot, id, r.School).Reached(r.School.Name);
                return c with { ResourcesDelivered = c.ResourcesDelivered + 1 };
            }
            case TeacherTrainingReceived t:
            {
                var c = Start(snapshot, id, t.School).Reached(t.School.Name);
                return c with { TeachersTrained = c.TeachersTrained + 1 };
            }
            default:
                return snapshot;
        }
    }

    private static CountyCoverage Start(CountyCoverage? snapshot, string id, RuralSchool school) =>
        Start(snapshot, id, school.Province, school.City, school.County);

    private static CountyCoverage Start(CountyCoverage? snapshot, string id, string province, string? city, string? county) =>
        snapshot ?? CountyCoverage.Empty(id, province, city, county);
}
