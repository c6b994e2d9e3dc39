using Kechuang.BuildingBlocks.Domain;
using Kechuang.Outreach.Domain;
using Marten.Events.Projections;

namespace Kechuang.Outreach.ReadModels;

/// <summary>One recorded activity of a campaign, for listing and reading it back.</summary>
public sealed record CampaignActivity(
    Guid Id, Guid CampaignId, ActivityKind Kind, string Province, string City, string County, string SchoolName,
    DateOnly Date, int Participants, Actor RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Writes a <see cref="CampaignActivity"/> inline, in the transaction that records the activity.</summary>
public sealed partial class CampaignActivityProjection : EventProjection
{
    public CampaignActivity Create(ActivityRecorded e) =>
        new(e.ActivityId, e.CampaignId, e.Kind, e.Province, e.City, e.County, e.SchoolName, e.Date, e.Participants, e.By, e.At);
}
