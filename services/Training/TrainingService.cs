using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Contracts;
using Kechuang.Contracts.Training;
using Kechuang.Training.TrainingBases;
using Kechuang.Training.ReadModels;
using Kechuang.Training.Certifications;
using Kechuang.Training.Courses;
using Kechuang.Training.Domain;
using Kechuang.Training.Enrolments;
using Kechuang.Training.Integration;
using Marten.Schema;

namespace Kechuang.Training;

/// <summary>
/// The training service (科技教师科学素质提升): training bases, the trainer pool, courses with
/// enrolment, waitlist, attendance and completion, tutor certification, certificates anyone can verify.
/// </summary>
public static class TrainingService
{
    public const string Name = "training";

    /// <summary>
    /// <c>Where(t => t.InPool)</c> as Marten writes it, in the form PostgreSQL gives it back, so that
    /// the schema check at start-up finds the index as configured instead of building it again.
    /// </summary>
    private const string InPoolPredicate = "(data ->> 'inPool') IS NOT NULL AND ((data ->> 'inPool'))::boolean";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddTraining(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = m =>
            {
                // Inline: the API reads its own writes, lists and filters them.
                m.Projections.Snapshot<TrainingBase>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Course>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<SeatLedger>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Enrolment>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Certification>(SnapshotLifecycle.Inline);
                m.Projections.Add<CertificateProjection>(ProjectionLifecycle.Inline);
                m.Schema.For<Enrolment>().Index(e => e.CourseId);
                // The trainer pool's list: its page comes in name order (then the id: names repeat) off
                // an index of the pool's members alone (the predicate is the pool filter as Marten
                // writes it, so its count is read off the index too); its topic and province filters
                // are containment in the JSON arrays, which the GIN index on the document serves.
                m.Schema.For<Trainer>()
                    .Index(t => t.Name, i =>
                    {
                        i.Predicate = InPoolPredicate;
                        i.Mask = "?, id";
                    })
                    .GinIndexJsonData()
                    .PropertySearching(PropertySearching.JSON_Locator_Only);
                m.Schema.For<Certificate>().Identity(c => c.Id);
                // The certification list: a province's candidates; newest request first (read backwards).
                m.Schema.For<Certification>()
                    .Index(c => c.Candidate.Province)
                    .Index(c => c.RequestedAt);
                m.Listeners.Add(TrainingMetrics.Listener);
            };
            o.Consumers = x => x.AddConsumer<ExpertVettedConsumer>();
            o.IntegrationEvents.Map<EnrolmentCompleted>((e, _) => new TrainingCompleted(
                e.EnrolmentId, e.CourseId, e.CourseTitle, e.TeacherName,
                new SchoolRef(e.School.Name, e.School.Province, e.School.City, e.School.County, e.School.Rural),
                e.CertificateCode, e.At, e.School.Province, e.At));
        });

    public static WebApplication MapTrainingApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization()
            .MapTrainingBases()
            .MapTrainers()
            .MapCourses()
            .MapEnrolments()
            .MapCertifications()
            .MapCertificates();
        return app;
    }
}
