using Kechuang.BuildingBlocks.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;
using Kechuang.Resources.ReadModels;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Resources.Tests;

/// <summary>The pure rules, without a host or a database.</summary>
public sealed class RuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Contributor = Actors.Unit(Guid.NewGuid());

    private static readonly ResourceContent Content = new("智能机器人入门", "机器人搭建与编程。", ResourceKind.ActivityGuide,
        ["robotics"], ["grade-5"], ResourceFormat.Online, "青辅协", "CC BY-NC 4.0", "https://example.org", null);

    private static Resource InStatus(ResourceStatus status, bool featured = false) =>
        Resource.Create(new ResourceSubmitted(Guid.NewGuid(), Content, Contributor, Now)) with { Status = status, Featured = featured };

    [Theory]
    [InlineData(ResourceStatus.Submitted)]
    [InlineData(ResourceStatus.ChangesRequested)]
    [InlineData(ResourceStatus.Rejected)]
    [InlineData(ResourceStatus.Published)]
    [InlineData(ResourceStatus.Archived)]
    public void Only_an_approved_resource_is_published(ResourceStatus status) =>
        Assert.Equal("invalid_state", ResourceRules.Publish(InStatus(status), Now, Actors.Centre).Error?.Code);

    [Fact]
    public void Publishing_carries_what_subscribers_are_matched_on()
    {
        var decision = ResourceRules.Publish(InStatus(ResourceStatus.Approved), Now, Actors.Centre);
        var published = Assert.IsType<ResourcePublished>(Assert.Single(decision.Events));
        Assert.Equal(["robotics"], published.Topics);
        Assert.Equal(["grade-5"], published.Grades);
    }

    [Theory]
    [InlineData(ResourceStatus.ChangesRequested)]
    [InlineData(ResourceStatus.Approved)]
    [InlineData(ResourceStatus.Published)]
    public void Only_a_submitted_resource_is_reviewed(ResourceStatus status) =>
        Assert.Equal("invalid_state", ResourceRules.Review(InStatus(status), ReviewDecision.Approve, null, Now, Actors.Centre).Error?.Code);

    [Theory]
    [InlineData(ReviewDecision.Approve, ResourceStatus.Approved)]
    [InlineData(ReviewDecision.Reject, ResourceStatus.Rejected)]
    [InlineData(ReviewDecision.RequestChanges, ResourceStatus.ChangesRequested)]
    public void A_review_decides_the_next_status(ReviewDecision decision, ResourceStatus expected)
    {
        var resource = InStatus(ResourceStatus.Submitted);
        var reviewed = Assert.IsType<ResourceReviewed>(Assert.Single(ResourceRules.Review(resource, decision, "意见", Now, Actors.Centre).Events));
        Assert.Equal(expected, resource.Apply(reviewed).Status);
    }

    [Fact]
    public void Featuring_needs_a_published_resource_not_yet_featured()
    {
        Assert.Equal("invalid_state", ResourceRules.Feature(InStatus(ResourceStatus.Approved), Now, Actors.Centre).Error?.Code);
        Assert.Equal("invalid_state", ResourceRules.Feature(InStatus(ResourceStatus.Published, featured: true), Now, Actors.Centre).Error?.Code);
        Assert.False(ResourceRules.Feature(InStatus(ResourceStatus.Published), Now, Actors.Centre).IsError);
        Assert.Equal("invalid_state", ResourceRules.Unfeature(InStatus(ResourceStatus.Published), Now, Actors.Centre).Error?.Code);
    }

    [Fact]
    public void Archiving_takes_a_resource_out_of_the_column()
    {
        var resource = InStatus(ResourceStatus.Published, featured: true);
        var archived = Assert.IsType<ResourceArchived>(Assert.Single(ResourceRules.Archive(resource, null, Now, Actors.Centre).Events));
        Assert.False(resource.Apply(archived).Featured);
        Assert.Equal("invalid_state", ResourceRules.Archive(InStatus(ResourceStatus.Submitted), null, Now, Actors.Centre).Error?.Code);
    }

    [Fact]
    public void Only_the_contributor_or_the_centre_revises_and_only_under_review()
    {
        Assert.False(ResourceRules.Revise(InStatus(ResourceStatus.ChangesRequested), Content, Now, Contributor).IsError);
        Assert.False(ResourceRules.Revise(InStatus(ResourceStatus.Submitted), Content, Now, Actors.Centre).IsError);
        Assert.Equal("forbidden", ResourceRules.Revise(InStatus(ResourceStatus.Submitted), Content, Now, Actors.Unit(Guid.NewGuid())).Error?.Code);
        Assert.Equal("invalid_state", ResourceRules.Revise(InStatus(ResourceStatus.Approved), Content, Now, Contributor).Error?.Code);
    }

    [Fact]
    public void A_revision_after_requested_changes_goes_back_to_review()
    {
        var resource = InStatus(ResourceStatus.ChangesRequested);
        var revised = Assert.IsType<ResourceRevised>(Assert.Single(ResourceRules.Revise(resource, Content with { Title = "新标题" }, Now, Contributor).Events));
        Assert.Equal(ResourceStatus.Submitted, resource.Apply(revised).Status);
    }

    [Fact]
    public void Unpublished_resources_are_seen_only_by_the_centre_and_their_contributor()
    {
        var submitted = InStatus(ResourceStatus.Submitted);
        Assert.True(submitted.IsVisibleTo(Contributor));
        Assert.True(submitted.IsVisibleTo(Actors.Centre));
        Assert.False(submitted.IsVisibleTo(Actors.Reader));
        Assert.True(InStatus(ResourceStatus.Published).IsVisibleTo(Actors.Reader));
    }

    private static Resource Published(string topic, string grade) =>
        InStatus(ResourceStatus.Published) with { Content = Content with { Topics = [topic], Grades = [grade] } };

    [Fact]
    public void A_package_holds_published_resources_only()
    {
        var published = Published("robotics", "grade-5");
        var draft = InStatus(ResourceStatus.Approved);
        var content = new PackageContent("助推双减资源包", "说明", [published.Id, draft.Id], "小学高年级");
        var error = PackageRules.Draft(Guid.NewGuid(), content, [published, draft], Now, Actors.Centre).Error;
        Assert.Equal("invalid_state", error?.Code);
        Assert.Contains(draft.Id.ToString(), error!.Detail);
    }

    [Fact]
    public void Editing_a_published_package_publishes_a_new_edition_with_the_union_of_topics_and_grades()
    {
        var a = Published("robotics", "grade-5");
        var b = Published("aerospace", "grade-10");
        var drafted = new PackageDrafted(Guid.NewGuid(), new PackageContent("资源包", "说明", [a.Id], "小学"), Actors.Centre, Now);
        var package = Package.Create(drafted);
        package = package.Apply(Assert.IsType<PackagePublished>(Assert.Single(PackageRules.Publish(package, [a], Now, Actors.Centre).Events)));
        Assert.Equal(1, package.Edition);

        var edited = Assert.IsType<PackagePublished>(Assert.Single(
            PackageRules.Revise(package, package.Content with { ResourceIds = [a.Id, b.Id] }, [a, b], Now, Actors.Centre).Events));
        Assert.Equal(2, edited.Edition);
        Assert.Equal(["aerospace", "robotics"], edited.Topics);
        Assert.Equal(["grade-5", "grade-10"], edited.Grades);

        var republished = package.Apply(edited);
        Assert.Equal([1, 2], republished.Editions.Select(e => e.Edition));
        Assert.Equal([a.Id], republished.Editions[0].Content.ResourceIds);
        Assert.Empty(PackageRules.Revise(republished, republished.Content, [a, b], Now, Actors.Centre).Events);
        Assert.Equal("invalid_state", PackageRules.Publish(republished, [a, b], Now, Actors.Centre).Error?.Code);
    }

    private static Subscription Subscribed(string school, string[] topics, string[] grades, Guid? organization = null) =>
        Domain.Subscription.Create(new SubscriptionCreated(Guid.NewGuid(), new School(school, "贵州省", "毕节市", "威宁县", true),
            topics, grades, organization, Actors.School("贵州省"), Now));

    [Fact]
    public void A_push_delivers_once_to_each_school_sharing_a_topic_and_a_grade()
    {
        var organization = Guid.NewGuid();
        var subscriptions = new[]
        {
            Subscribed("石门坎小学", ["robotics"], ["grade-5"], organization),
            Subscribed("石门坎小学", ["robotics", "aerospace"], ["grade-5", "grade-6"], organization),
            Subscribed("草海小学", ["robotics"], ["grade-4", "grade-5"]),
            Subscribed("龙街小学", ["aerospace"], ["grade-5"]),
            Subscribed("盐仓小学", ["robotics"], ["grade-9"]),
            Subscribed("哲觉小学", ["robotics"], ["grade-5"]) with { Status = SubscriptionStatus.Cancelled },
        };
        var target = PushTarget.ForResource(Guid.NewGuid(), ["robotics", "physics"], ["grade-5"]);

        var deliveries = DeliveryRules.Push(target, subscriptions, Now);

        Assert.Equal(["石门坎小学", "草海小学"], deliveries.Select(d => d.School.Name));
        Assert.All(deliveries, d => Assert.Equal(DeliveryMode.Online, d.Mode));
        Assert.Equal(deliveries.Select(d => d.DeliveryId), DeliveryRules.Push(target, subscriptions, Now.AddHours(1)).Select(d => d.DeliveryId));
        var nextEdition = PushTarget.ForPackage(Guid.NewGuid(), 2, ["robotics"], ["grade-5"]);
        Assert.NotEqual(DeliveryRules.Push(nextEdition, subscriptions, Now)[0].DeliveryId, deliveries[0].DeliveryId);
    }

    [Fact]
    public void Offline_deliveries_are_of_published_things_and_a_province_records_its_own_schools_only()
    {
        var school = new School("石门坎小学", "贵州省", "毕节市", "威宁县", true);
        Assert.Equal("invalid_state", DeliveryRules.RecordOffline(Guid.NewGuid(), InStatus(ResourceStatus.Approved), null, school, Now, Now, Actors.Centre).Error?.Code);
        Assert.Equal("forbidden", DeliveryRules.RecordOffline(Guid.NewGuid(), Published("robotics", "grade-5"), null, school, Now, Now, Actors.Province("云南省")).Error?.Code);
        Assert.False(DeliveryRules.RecordOffline(Guid.NewGuid(), Published("robotics", "grade-5"), null, school, Now, Now, Actors.Province("贵州省")).IsError);
    }

    [Theory]
    [InlineData("智能机器人入门", "机器人", true)]
    [InlineData("智能机器人入门", "能机", true)]
    [InlineData("智能机器人入门", "人入门", true)]
    [InlineData("ＡＩ编程启蒙", "ai编程", true)]
    [InlineData("智能机器人入门", "机人", false)]
    public void A_substring_of_two_or_more_characters_has_all_its_bigrams_in_the_text(string title, string query, bool contained)
    {
        var text = SearchText.Fold(title);
        var grams = SearchText.Bigrams(text);
        var q = SearchText.Fold(query);
        Assert.Equal(contained, SearchText.Bigrams(q).All(grams.Contains));
        Assert.Equal(contained, text.Contains(q, StringComparison.Ordinal));
    }

    [Fact]
    public void Bigrams_do_not_span_title_and_summary_and_count_characters_not_utf16_units()
    {
        Assert.Equal(["ab", "cd"], SearchText.Bigrams("ab", "cd"));
        Assert.Equal(["𠀀字"], SearchText.Bigrams("𠀀字"));
    }
}
