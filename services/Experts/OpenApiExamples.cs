using Kechuang.BuildingBlocks.Http;
using Kechuang.Experts.Domain;
using Kechuang.Experts.Experts;
using Kechuang.Experts.Schedules;
using Kechuang.Experts.VisitRequests;

namespace Kechuang.Experts;

/// <summary>The example of each request body in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>An expert a partner would have read first: the examples show the shape.</summary>
    private static readonly Guid ExpertId = Guid.Parse("8a3c5e71-2b4d-4f60-9c18-7e5d3a2b1f94");

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, Beijing);

    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new ExpertEndpoints.RegisterExpertRequest(
            "李明", "中国科学院自动化研究所", "研究员", ExpertCategory.Researcher, ["模式识别", "智能机器人"],
            ["artificial-intelligence", "robotics"], ["北京市", "河北省"], "13800138000", "liming@expert.example.cn",
            "长期从事智能机器人研究，多次为中小学开展人工智能科普报告。", 4, false))
        .Add(new ExpertEndpoints.VetRequest(VettingDecision.Approve, "资质材料齐全，同意入库。"))
        .Add(new ExpertEndpoints.AvailabilityRequest([
            new SlotRequest(At(3, 10, 14), At(3, 10, 17)),
            new SlotRequest(At(3, 24, 9), At(3, 24, 12)),
        ]))
        .Add(new VisitRequestEndpoints.RequestVisitRequest(
            new VisitRequestEndpoints.SchoolRequest("北京市第一中学", "北京市", "北京市", "东城区", false),
            VisitKind.ScienceTalk, "artificial-intelligence", ["grade-7", "grade-8"], 300,
            [new SlotRequest(At(3, 10, 14), At(3, 10, 17))], 90, "报告在学校礼堂举行，可提供投影和扩音设备。"))
        .Add(new VisitRequestEndpoints.AssignRequest(ExpertId, At(3, 10, 14), new DateTimeOffset(2026, 3, 10, 15, 30, 0, Beijing)))
        .Add(new VisitRequestEndpoints.RespondRequest(true, "时间合适，届时到校。"))
        .Add(new VisitRequestEndpoints.CancelRequest("学校临时安排期中考试，活动取消。"))
        .Add(new VisitRequestEndpoints.DeliverRequest(new DateTimeOffset(2026, 3, 10, 15, 30, 0, Beijing), 286, 90))
        .Add(new VisitRequestEndpoints.FeedbackRequest(5, "报告生动有趣，学生提问踊跃。"));
}
