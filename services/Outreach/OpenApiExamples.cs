using Kechuang.BuildingBlocks.Http;
using Kechuang.Outreach.Campaigns;
using Kechuang.Outreach.Domain;
using Kechuang.Outreach.Stations;

namespace Kechuang.Outreach;

/// <summary>The example of each request body in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new CampaignEndpoints.LaunchCampaignRequest(
            "2026年科技教育活动乡村行", CampaignKind.RuralTour, ["贵州省", "云南省", "甘肃省"],
            new DateOnly(2026, 5, 1), new DateOnly(2026, 10, 31), new CampaignEndpoints.TargetsRequest(300, 1200, 450)))
        .Add(new ActivityEndpoints.RecordActivityRequest(
            ActivityKind.Activity, "贵州省", "黔东南苗族侗族自治州", "雷山县", "雷山县西江镇中心小学", new DateOnly(2026, 5, 20), 180))
        .Add(new StationEndpoints.EstablishStationRequest(
            "雷山县青少年科技教育工作站", "贵州省", "黔东南苗族侗族自治州", "雷山县", "雷山县丹江镇永乐路8号", "雷山县科学技术协会"));
}
