using Kechuang.Training.Domain;
using Xunit;
using static Kechuang.Training.Tests.Domain.RuleFixtures;

namespace Kechuang.Training.Tests.Domain;

public sealed class CourseRulesTests
{
    private static CourseScheduled Proposed(IReadOnlyList<Guid> trainers, Guid? baseId = null) =>
        new(Guid.NewGuid(), "科学家精神", CourseArea.ScienceSpirit, baseId is null ? CourseMode.Online : CourseMode.Offline, baseId,
            trainers, 30, [new CourseSession(Now.AddDays(3), Now.AddDays(3).AddHours(2))], 1, false, Now.AddDays(2), Staff, Now);

    [Fact]
    public void A_course_names_only_trainers_of_the_pool()
    {
        var pooled = Guid.NewGuid();
        var stranger = Guid.NewGuid();
        Assert.Null(CourseRules.Schedule(Proposed([pooled]), new HashSet<Guid> { pooled }, false).Error);
        var error = CourseRules.Schedule(Proposed([pooled, stranger]), new HashSet<Guid> { pooled }, false).Error;
        Assert.Equal((422, CourseRules.TrainerNotInPool), (error?.Status, error?.Code));
        Assert.Contains(stranger.ToString(), error?.Detail);
    }

    [Fact]
    public void A_course_without_trainers_needs_no_pool()
    {
        Assert.Null(CourseRules.Schedule(Proposed([]), new HashSet<Guid>(), false).Error);
    }

    [Fact]
    public void An_offline_course_names_a_registered_base()
    {
        Assert.Equal(CourseRules.UnknownBase, CourseRules.Schedule(Proposed([], Guid.NewGuid()), new HashSet<Guid>(), false).Error?.Code);
        Assert.Null(CourseRules.Schedule(Proposed([], Guid.NewGuid()), new HashSet<Guid>(), true).Error);
    }

    [Fact]
    public void A_course_is_published_once()
    {
        var course = OpenCourse();
        Assert.Equal("invalid_state", CourseRules.Publish(course, Staff, Now).Error?.Code);
        Assert.IsType<CoursePublished>(Assert.Single(CourseRules.Publish(course with { Status = CourseStatus.Scheduled }, Staff, Now).Events));
    }
}
