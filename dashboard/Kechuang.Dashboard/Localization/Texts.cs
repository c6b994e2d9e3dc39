using System.Globalization;

namespace Kechuang.Dashboard.Localization;

/// <summary>
/// Every text of the dashboard, Chinese and English side by side: one typed property per text,
/// so a page cannot use a text that has no translation. Values from the API (kebab-case codes)
/// get their labels from <see cref="Label"/>.
/// </summary>
public sealed partial class Texts
{
    private static readonly Texts Chinese = new(false);
    private static readonly Texts EnglishTexts = new(true);

    private Texts(bool english) => IsEnglish = english;

    public bool IsEnglish { get; }

    public static Texts For(CultureInfo culture) => UiCulture.IsEnglish(culture) ? EnglishTexts : Chinese;

    private string L(string zh, string en) => IsEnglish ? en : zh;

    // Shell
    public string AppTitle => L("科创筑梦 · 工作台", "Kechuang staff dashboard");
    public string Programme => L("“科创筑梦”助力“双减”科普行动", "Science education for the double reduction");
    public string SwitchLanguage => L("English", "中文");
    public string SignIn => L("登录", "Sign in");
    public string SignOut => L("退出登录", "Sign out");
    public string Username => L("用户名", "Username");
    public string Password => L("密码", "Password");
    public string SignInTitle => L("工作人员登录", "Staff sign-in");
    public string SessionExpired => L("登录已过期，请重新登录。", "Your session has expired. Please sign in again.");
    public string InvalidCredentials => L("用户名或密码不正确。", "The username or password is not right.");
    public string AccountLocked => L("多次登录失败，账号已临时锁定，请稍后再试。", "Too many failed sign-ins: the account is locked for a while.");
    public string ServiceUnavailable => L("服务暂时不可用，请稍后再试。", "The service is not available right now. Try again shortly.");
    public string Required => L("必填", "Required");
    public string NotFound => L("未找到该页面或记录，或您无权查看。", "Not found, or not yours to see.");
    public string Loading => L("加载中…", "Loading…");
    public string Empty => L("暂无数据", "Nothing here yet");
    public string Search => L("搜索", "Search");
    public string Refresh => L("刷新", "Refresh");
    public string Back => L("返回", "Back");
    public string Confirm => L("确认", "Confirm");
    public string Comment => L("意见", "Comment");
    public string Actions => L("操作", "Actions");
    public string Details => L("详情", "Details");
    public string Province => L("省份", "Province");
    public string City => L("城市", "City");
    public string County => L("区县", "County");
    public string Status => L("状态", "Status");
    public string Kind => L("类别", "Kind");
    public string Total => L("合计", "Total");
    public string StaleRecord => L("记录已被他人修改，已重新加载，请再次操作。", "Someone else changed this record; it was reloaded. Please try again.");
    public string ActionFailed => L("操作未成功", "The action did not succeed");
    public string RowsPerPage => L("每页行数", "Rows per page");
    public string PagerInfo => L("{first_item}-{last_item}，共 {all_items} 条", "{first_item}-{last_item} of {all_items}");
    public string RecordTitle => L("标题", "Title");
    public string ProblemFields => L("请按提示修改标出的字段。", "Please correct the marked fields.");
    public string ProblemInvalidState => L("记录当前状态不允许此操作。", "The record's current state does not allow this.");
    public string ProblemQuota => L("本省在该批次推荐的试点城市已达名额上限。", "The province has used its quota of recommended cities in this call.");
    public string ProblemDoubleBooked => L("该专家在此时段已有安排。", "The expert is already booked at that time.");
    public string ProblemCapacity => L("该专家本月服务次数已满。", "The expert has no capacity left this month.");
    public string ProblemForbidden => L("您的角色无权执行此操作。", "Your role may not do this.");
    public string ProblemRateLimited => L("请求过于频繁，请稍后再试。", "Too many requests; try again in a moment.");

    // Navigation
    public string NavOverview => L("总览", "Overview");
    public string NavApplications => L("试点申报", "Applications");
    public string NavExperts => L("专家库", "Experts");
    public string NavVisits => L("大手拉小手", "Expert visits");
    public string NavResources => L("科教资源", "Resources");
    public string NavTraining => L("教师培训", "Training");
    public string NavOutreach => L("乡村行", "Rural outreach");

    // Overview
    public string OverviewTitle => L("项目总览", "Programme overview");
    public string ApplicationsByStatus => L("申报状态分布", "Applications by status");
    public string ApplicationsByProvince => L("各省申报与命名", "Applications and pilots by province");
    public string Trend => L("月度趋势", "Monthly trend");
    public string Pilots => L("已命名试点", "Pilots designated");
    public string ExpertsVetted => L("入库专家", "Experts vetted");
    public string VisitsDelivered => L("已完成进校", "Visits delivered");
    public string ResourcesPublished => L("已发布资源", "Resources published");
    public string TeachersTrained => L("乡村培训教师", "Rural teachers trained");
    public string RuralSchoolsReached => L("覆盖乡村学校", "Rural schools reached");
    public string ApplicationsTotal => L("申报总数", "Applications");
    public string Submitted => L("提交", "Submitted");
    public string Designated => L("命名", "Designated");
    public string ScopeNational => L("全国", "Nationwide");
    public string CoverageByProvince => L("各省乡村覆盖（学校）", "Rural coverage by province (schools)");

    // Applications
    public string ApplicationsTitle => L("试点申报审核", "Pilot applications");
    public string Call => L("申报批次", "Call");
    public string ApplicantName => L("申报单位", "Applicant");
    public string ApplicantType => L("单位类型", "Type");
    public string SubmittedAt => L("提交时间", "Submitted");
    public string AverageScore => L("评审均分", "Average score");
    public string ExportCsv => L("导出 CSV", "Export CSV");
    public string ExportNeedsCall => L("选择申报批次后可导出", "Choose a call to export");
    public string SearchApplicant => L("按单位名称搜索", "Search by organisation name");
    public string FormUnit => L("附件1　“科创筑梦”助力“双减”科普行动试点单位申报表", "Annex 1 — Pilot unit application form");
    public string FormCity => L("附件2　“科创筑梦”助力“双减”科普行动试点城市申报表", "Annex 2 — Pilot city application form");
    public string Address => L("通讯地址", "Postal address");
    public string ContactName => L("联系人", "Contact person");
    public string Phone => L("联系电话", "Phone");
    public string Email => L("电子邮箱", "E-mail");
    public string TrackRecord => L("2018—2021年开展青少年科技教育工作情况", "Youth science-education work 2018–2021");
    public string WorkPlan => L("参与“科创筑梦”助力“双减”科普行动工作计划", "Work plan for the action");
    public string Declaration => L("申报单位意见：情况属实（盖章）", "Applicant's declaration: true and correct (sealed)");
    public string RecommenderOpinion => L("推荐单位意见", "Recommending unit's opinion");
    public string CentreOpinion => L("全国组织单位意见", "National centre's decision");
    public string SealScan => L("盖章扫描件", "Seal scan");
    public string NoSealScan => L("尚未上传盖章扫描件", "No seal scan uploaded yet");
    public string Preview => L("预览", "Preview");
    public string Download => L("下载", "Download");
    public string History => L("办理记录", "History");
    public string Print => L("打印申报表", "Print the form");
    public string PrintNow => L("打印", "Print");
    public string Recommend => L("同意推荐", "Recommend");
    public string Return => L("退回修改", "Return for revision");
    public string NotRecommend => L("不予推荐", "Do not recommend");
    public string Score => L("分数（0–100）", "Score (0–100)");
    public string RecordScore => L("记录评分", "Record score");
    public string Designate => L("命名为试点", "Designate as pilot");
    public string Decline => L("不予命名", "Decline");
    public string Reviews => L("专家评审", "Expert reviews");
    public string NoReviews => L("暂无评分", "No scores yet");
    public string RecommendationDone => L("推荐意见已提交", "Recommendation recorded");
    public string DesignationDone => L("命名结果已提交", "Designation recorded");
    public string ReviewDone => L("评分已记录", "Score recorded");
    public string ApplicationActions => L("办理", "Decide");
    public string NothingToDo => L("当前状态下您无可办理的操作。", "Nothing for your role to do in this state.");
    public string Date => L("日期", "Date");
    public string Seal => L("（盖章）", "(seal)");

    // Experts and visits
    public string ExpertsTitle => L("专家库与审核", "Expert pool and vetting");
    public string VettingQueue => L("待审核专家", "Awaiting vetting");
    public string Pool => L("专家库", "Pool");
    public string Name => L("姓名", "Name");
    public string Affiliation => L("工作单位", "Affiliation");
    public string Title => L("职称", "Title");
    public string Topics => L("领域", "Topics");
    public string Approve => L("通过", "Approve");
    public string Reject => L("不通过", "Reject");
    public string VettingDone => L("审核结果已提交", "Vetting recorded");
    public string Schedule => L("日程", "Schedule");
    public string Hours => L("服务时长", "Service hours");
    public string VisitsCount => L("完成次数", "Visits");
    public string HoursCount => L("小时", "hours");
    public string Availability => L("可服务时段", "Availability");
    public string Trainer => L("培训专家", "Trainer");
    public string VisitsTitle => L("进校需求看板", "Visit requests board");
    public string School => L("学校", "School");
    public string Rural => L("乡村", "Rural");
    public string Audience => L("人数", "Audience");
    public string Candidates => L("推荐专家排序", "Ranked candidates");
    public string Reasons => L("匹配理由", "Reasons");
    public string Assign => L("指派", "Assign");
    public string AssignDone => L("已指派，等待专家确认", "Assigned; waiting for the expert");
    public string SuggestedSlot => L("建议时段", "Suggested slot");
    public string Start => L("开始", "Start");
    public string End => L("结束", "End");
    public string Expert => L("专家", "Expert");
    public string PreferredWindows => L("期望时段", "Preferred windows");
    public string NoCandidates => L("暂无合适专家", "No suitable expert yet");
    public string VisitOpen => L("待匹配专家", "Awaiting an expert");

    // Resources
    public string ResourcesTitle => L("科教资源", "Science-education resources");
    public string ReviewQueue => L("待审核", "Review queue");
    public string Catalogue => L("资源目录", "Catalogue");
    public string Featured => L("“双减”专栏", "双减 column");
    public string Provider => L("提供方", "Provider");
    public string Format => L("形式", "Format");
    public string Grades => L("学段", "Grades");
    public string RequestChanges => L("退回修改", "Request changes");
    public string Publish => L("发布", "Publish");
    public string Feature => L("加入“双减”专栏", "Feature in 双减");
    public string Unfeature => L("移出专栏", "Unfeature");
    public string Done => L("已完成", "Done");
    public string Facets => L("筛选", "Facets");

    // Training
    public string TrainingTitle => L("教师培训与认证", "Teacher training and certification");
    public string Courses => L("培训课程", "Courses");
    public string Area => L("方向", "Area");
    public string Mode => L("方式", "Mode");
    public string Capacity => L("名额", "Capacity");
    public string Enrolled => L("已报名", "Enrolled");
    public string Waitlisted => L("候补", "Waitlisted");
    public string Deadline => L("报名截止", "Deadline");
    public string Certifications => L("待决定的认证", "Certifications awaiting decision");
    public string Candidate => L("申请人", "Candidate");
    public string Level => L("级别", "Level");
    public string Scores => L("考核成绩", "Scores");
    public string Certify => L("授予认证", "Certify");
    public string Refuse => L("不予认证", "Refuse");

    // Outreach
    public string OutreachTitle => L("科技教育活动乡村行", "Rural outreach");
    public string Coverage => L("乡村覆盖", "Rural coverage");
    public string SchoolsReached => L("学校", "Schools");
    public string StudentsReached => L("学生", "Students");
    public string TeachersTrainedShort => L("教师", "Teachers");
    public string ActivitiesHeld => L("活动", "Activities");
    public string ExpertVisits => L("专家进校", "Expert visits");
    public string ResourcesDelivered => L("资源送达", "Resources delivered");
    public string Campaigns => L("行动进度", "Campaign progress");
    public string DrillDownHint => L("点击行查看下一级", "Click a row to see the next level");
}
