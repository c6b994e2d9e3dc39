using Kechuang.BuildingBlocks.Domain;
using Kechuang.Training.Courses;
using Kechuang.Training.Domain;

namespace Kechuang.Training.Enrolments;

/// <summary>
/// Who may see and act on an enrolment. Those who run training (the centre, the province of the
/// teacher, an expert or trainer the course names) manage it; the school or unit that enrolled the
/// teacher sees and may cancel it. Everyone else gets a 404, as if it did not exist.
/// </summary>
internal static class EnrolmentAccess
{
    public static bool Manages(Actor actor, Enrolment enrolment, Course course) =>
        actor.IsNational
        || (actor.Is(Roles.Province) && actor.CoversProvince(enrolment.Teacher.Province))
        || CourseAccess.Trains(actor, course);

    public static bool Enrolled(Actor actor, Enrolment enrolment) =>
        enrolment.EnrolledBy.Id == actor.Id
        || (actor.OrganizationId is { } org && enrolment.EnrolledBy.OrganizationId == org);

    public static bool CanSee(Actor actor, Enrolment enrolment, Course course) =>
        Manages(actor, enrolment, course) || Enrolled(actor, enrolment);

    /// <summary>The history needs no course: the expert or trainer who trains it reads the enrolment itself instead.</summary>
    public static bool CanSeeHistory(Enrolment enrolment, Actor actor) =>
        actor.IsNational
        || (actor.Is(Roles.Province) && actor.CoversProvince(enrolment.Teacher.Province))
        || Enrolled(actor, enrolment);
}
