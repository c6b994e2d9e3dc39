using Kechuang.Contracts;
using Kechuang.Contracts.Applications;
using Kechuang.Contracts.Experts;

namespace Kechuang.Dashboard.Localization;

/// <summary>Labels of the API's codes (statuses, kinds, topics…), in both languages.</summary>
public sealed partial class Texts
{
    private static readonly Dictionary<string, (string Zh, string En)> Codes = new(StringComparer.Ordinal)
    {
        // Application status and kind
        [ApplicationStatuses.Draft] = ("草稿", "Draft"),
        [ApplicationStatuses.Submitted] = ("已提交", "Submitted"),
        [ApplicationStatuses.Recommended] = ("已推荐", "Recommended"),
        [ApplicationStatuses.Returned] = ("已退回", "Returned"),
        [ApplicationStatuses.NotRecommended] = ("不予推荐", "Not recommended"),
        [ApplicationStatuses.Designated] = ("已命名", "Designated"),
        [ApplicationStatuses.Declined] = ("不予命名", "Declined"),
        [PilotKinds.PilotUnit] = ("试点单位", "Pilot unit"),
        [PilotKinds.PilotCity] = ("试点城市", "Pilot city"),
        ["recommend"] = ("同意推荐", "Recommend"),
        ["return"] = ("退回修改", "Return"),
        ["not-recommend"] = ("不予推荐", "Not recommend"),
        ["designate"] = ("命名", "Designate"),
        ["decline"] = ("不予命名", "Decline"),
        // Applicant types
        ["primary-school"] = ("小学", "Primary school"),
        ["secondary-school"] = ("中学", "Secondary school"),
        ["science-museum"] = ("科普场馆", "Science museum"),
        ["training-institution"] = ("科技类校外培训机构", "Training institution"),
        ["science-education-base"] = ("科普教育基地", "Science-education base"),
        ["city-association"] = ("市科协", "City science association"),
        ["other"] = ("其他", "Other"),
        // Call status
        ["scheduled"] = ("未开始", "Scheduled"),
        ["open"] = ("进行中", "Open"),
        ["closed"] = ("已截止", "Closed"),
        // Experts
        ["pending-vetting"] = ("待审核", "Pending vetting"),
        ["approved"] = ("已通过", "Approved"),
        ["rejected"] = ("未通过", "Rejected"),
        ["approve"] = ("通过", "Approve"),
        ["reject"] = ("不通过", "Reject"),
        ["university-teacher"] = ("高校教师", "University teacher"),
        ["researcher"] = ("科研人员", "Researcher"),
        ["graduate-student"] = ("研究生", "Graduate student"),
        ["engineer"] = ("科技工作者", "Engineer"),
        ["academician"] = ("院士", "Academician"),
        // Visits (the open visit has its own label, VisitOpen; "open" above is the call's)
        [VisitStatuses.Proposed] = ("待专家确认", "Proposed"),
        [VisitStatuses.Confirmed] = ("已确认", "Confirmed"),
        [VisitStatuses.Delivered] = ("已完成", "Delivered"),
        [VisitStatuses.Cancelled] = ("已取消", "Cancelled"),
        ["science-talk"] = ("科普报告", "Science talk"),
        ["elective-course"] = ("科技选修课", "Elective course"),
        ["practice-guidance"] = ("实践活动指导", "Practice guidance"),
        // Resources
        ["changes-requested"] = ("待修改", "Changes requested"),
        ["published"] = ("已发布", "Published"),
        ["archived"] = ("已下架", "Archived"),
        ["request-changes"] = ("退回修改", "Request changes"),
        ["activity-guide"] = ("活动指南", "Activity guide"),
        ["course"] = ("课程", "Course"),
        ["video"] = ("视频", "Video"),
        ["case"] = ("案例", "Case"),
        ["toolkit"] = ("工具包", "Toolkit"),
        ["article"] = ("文章", "Article"),
        ["online"] = ("线上", "Online"),
        ["offline"] = ("线下", "Offline"),
        ["blended"] = ("线上线下结合", "Blended"),
        // Training
        ["frontier-science"] = ("科技前沿", "Frontier science"),
        ["scientific-method"] = ("科学方法", "Scientific method"),
        ["innovation"] = ("科技创新成果", "Innovation"),
        ["science-spirit"] = ("科学家精神", "Science spirit"),
        ["activity-guidance"] = ("实践活动指导", "Activity guidance"),
        ["assessing"] = ("考核中", "Assessing"),
        ["certified"] = ("已认证", "Certified"),
        ["refused"] = ("未认证", "Refused"),
        ["primary"] = ("初级", "Primary"),
        ["intermediate"] = ("中级", "Intermediate"),
        ["senior"] = ("高级", "Senior"),
        ["written"] = ("笔试", "Written"),
        ["portfolio"] = ("成果材料", "Portfolio"),
        ["defence"] = ("答辩", "Defence"),
        ["certify"] = ("授予认证", "Certify"),
        ["refuse"] = ("不予认证", "Refuse"),
        // Outreach
        ["rural-tour"] = ("科技教育活动乡村行", "Rural tour"),
        ["revitalisation"] = ("科技支撑乡村振兴", "Rural revitalisation"),
        ["planned"] = ("未开始", "Planned"),
        ["active"] = ("进行中", "Active"),
        ["ended"] = ("已结束", "Ended"),
        // Roles
        ["admin"] = ("系统管理员", "Administrator"),
        ["centre"] = ("全国组织单位", "National centre"),
        ["province"] = ("省级推荐单位", "Provincial association"),
        ["unit"] = ("申报单位", "Unit"),
        ["expert"] = ("专家", "Expert"),
        ["school"] = ("学校", "School"),
        ["trainer"] = ("培训专家", "Trainer"),
        ["operator"] = ("运维", "Operator"),
        ["reader"] = ("只读", "Reader"),
    };

    /// <summary>Topics in English; their Chinese names are Contracts' <see cref="Vocabularies.TopicNames"/>.</summary>
    private static readonly Dictionary<string, string> TopicsInEnglish = new(StringComparer.Ordinal)
    {
        ["science-investigation"] = "Science investigation", ["robotics"] = "Robotics",
        ["artificial-intelligence"] = "Artificial intelligence", ["aerospace"] = "Aerospace",
        ["science-imaging"] = "Science imaging", ["science-festival"] = "Science festival", ["physics"] = "Physics",
        ["chemistry"] = "Chemistry", ["biology"] = "Biology", ["earth-science"] = "Earth science",
        ["information-technology"] = "Information technology", ["engineering"] = "Engineering",
        ["mathematics"] = "Mathematics", ["medicine-health"] = "Medicine and health", ["agriculture"] = "Agriculture",
        ["environment"] = "Environment",
    };

    /// <summary>The label of an API code; an unknown code is shown as it is.</summary>
    public string Label(string? code)
    {
        if (code is null) return "";
        if (code.StartsWith("grade-", StringComparison.Ordinal) && int.TryParse(code.AsSpan(6), out var grade)) return GradeLabel(grade);
        if (Vocabularies.TopicNames.TryGetValue(code, out var topic)) return IsEnglish ? TopicsInEnglish.GetValueOrDefault(code, code) : topic;
        return Codes.TryGetValue(code, out var label) ? (IsEnglish ? label.En : label.Zh) : code;
    }

    private string GradeLabel(int grade) => IsEnglish
        ? $"Grade {grade}"
        : grade switch
        {
            <= 6 => $"小学{"一二三四五六"[grade - 1]}年级",
            <= 9 => $"初{"一二三"[grade - 7]}",
            _ => $"高{"一二三"[grade - 10]}",
        };

    /// <summary>Event types of a record's history (<c>ApplicationRecommended</c> …).</summary>
    public string Event(string type) => type switch
    {
        "application-drafted" => L("创建申报表", "Drafted"),
        "application-edited" => L("修改申报表", "Edited"),
        "seal-scan-uploaded" => L("上传盖章扫描件", "Seal scan uploaded"),
        "application-submitted" => L("提交申报（情况属实）", "Submitted (declared true)"),
        "application-recommended" => L("省级推荐单位同意推荐", "Recommended by the province"),
        "application-returned" => L("退回修改", "Returned for revision"),
        "application-not-recommended" => L("不予推荐", "Not recommended"),
        "application-reviewed" => L("专家评审打分", "Expert review scored"),
        "application-designated" => L("命名为试点", "Designated as pilot"),
        "application-declined" => L("不予命名", "Declined"),
        _ => type,
    };

    public string Day(DateTimeOffset? at) =>
        at is { } t ? t.ToOffset(TimeSpan.FromHours(8)).ToString(IsEnglish ? "yyyy-MM-dd" : "yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) : "";

    public string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";
}
