using Kechuang.Applications.Applications;
using Kechuang.Applications.Calls;
using Kechuang.Applications.Commendations;
using Kechuang.Applications.Domain;
using Kechuang.Applications.ExperienceReports;
using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Applications;

/// <summary>The example of each request body in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Ids of records a partner would have read first (a call, a pilot): the examples show their shape.</summary>
    private static readonly Guid CallId = Guid.Parse("0f6b1f3e-5c2a-4d8e-9a47-2b1c6d3e8f10");
    private static readonly Guid PilotId = Guid.Parse("5d2e8c41-7a3b-4f96-8e0d-1c9b2a7f6e35");

    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new CallEndpoints.OpenCallRequest(
            "2026年度全国科技教育试点单位和试点城市申报", 2026, [PilotKind.PilotUnit, PilotKind.PilotCity],
            new DateTimeOffset(2026, 3, 1, 9, 0, 0, Beijing), new DateTimeOffset(2026, 4, 30, 17, 0, 0, Beijing), 3))
        .Add(new ApplicationForm(CallId, PilotKind.PilotUnit,
            new ApplicantInput("北京市第一中学", ApplicantType.SecondarySchool, "北京市", "北京市", "东城区",
                "北京市东城区国子监街15号", "王丽", "010-68518519", "kechuang@bj1z.edu.cn"),
            "学校自2018年起开设人工智能与机器人校本课程，建有青少年科技创新实验室，连续三年组织学生参加全国青少年科技创新大赛。",
            "2026年起面向初一至高二年级开设科学调查体验课程，每学期与科技馆合作开展两次科学节活动，并培训10名科技辅导员。"))
        .Add(new SubmissionEndpoints.SubmitRequest(true))
        .Add(new RecommendationEndpoints.RecommendationRequest(RecommendationDecision.Recommend, "材料齐全，工作基础扎实，同意推荐。"))
        .Add(new DesignationEndpoints.ReviewRequest(88, "课程体系完整，与科技馆的合作有特色。"))
        .Add(new DesignationEndpoints.DesignationRequest(DesignationDecision.Designate, "经专家评审，认定为2026年度全国科技教育试点单位。"))
        .Add(new ExperienceReportEndpoints.SubmitReportRequest(PilotId, "“科学调查体验”进课堂的一年",
            "一年来，学校组织12个班级开展校园水质调查，学生在科技馆专家指导下完成调查报告86份，其中5份入选市级优秀案例。"))
        .Add(new CommendationEndpoints.CommendRequest(PilotId, 2026, "2026年度科技教育优秀试点单位",
            "在青少年科学调查体验活动中成绩突出，辐射带动周边12所学校，特予表扬。"));
}
