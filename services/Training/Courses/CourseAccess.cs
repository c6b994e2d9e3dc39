using Kechuang.BuildingBlocks.Domain;
using Kechuang.Training.Domain;

namespace Kechuang.Training.Courses;

/// <summary>Who sees a course and who trains it.</summary>
internal static class CourseAccess
{
    /// <summary>An expert or a trainer key trains the courses that name its expert id, and only those.</summary>
    public static bool Trains(Actor actor, Course course) =>
        actor.Is(Roles.Trainer, Roles.Expert) && actor.ExpertId is { } expert && course.TrainerIds.Contains(expert);
}
