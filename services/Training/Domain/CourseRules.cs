using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>Scheduling and publishing courses.</summary>
public static class CourseRules
{
    public const string TrainerNotInPool = "trainer_not_in_pool";
    public const string UnknownBase = "unknown_base";

    /// <summary>
    /// A course names only trainers of the pool (vetted experts flagged as trainers, kept from the
    /// Experts service's events) and, when it has one, a registered base.
    /// </summary>
    public static Decision Schedule(CourseScheduled proposed, IReadOnlySet<Guid> trainerPool, bool baseExists)
    {
        var outside = proposed.TrainerIds.Where(id => !trainerPool.Contains(id)).ToList();
        if (outside.Count > 0)
            return DomainError.Rule(TrainerNotInPool, "A course can only name trainers of the trainer pool.",
                $"Not vetted as trainers: {string.Join(", ", outside)}. See GET /api/v1/trainers.");
        if (proposed.BaseId is { } baseId && !baseExists)
            return DomainError.Rule(UnknownBase, "The training base is not registered.", $"No training base {baseId}.");
        return Decision.Of(proposed);
    }

    /// <summary>
    /// The centre publishes any course, a province only the courses of its own province (those of
    /// another province are not there for it); a national course is the centre's to publish.
    /// </summary>
    public static Decision Publish(Course course, Actor by, DateTimeOffset now)
    {
        if (!course.VisibleTo(by)) return DomainError.NotFound("course");
        if (!by.Is(Roles.Admin, Roles.Centre) && !(by.Is(Roles.Province) && course.Province is not null))
            return DomainError.Forbidden("A course is published by the centre or by the province it belongs to.");
        return course.Status == CourseStatus.Scheduled
            ? Decision.Of(new CoursePublished(course.Id, by, now))
            : DomainError.InvalidState($"The course is already {ApiEnum.Name(course.Status)}.");
    }
}
