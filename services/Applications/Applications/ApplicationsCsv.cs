using System.Globalization;
using System.Text;
using Kechuang.Applications.Domain;

namespace Kechuang.Applications.Applications;

/// <summary>
/// The CSV staff open in Excel: UTF-8 with a BOM (else Excel reads Chinese as mojibake), every field
/// quoted with quotes doubled (commas, quotes and line breaks in the narratives stay in their cell),
/// CRLF between records, and text that Excel would run as a formula (=, +, -, @) defused with a
/// leading apostrophe.
/// </summary>
public static class ApplicationsCsv
{
    private static readonly string[] Header =
    [
        "编号 id", "申报批次 callId", "申报类型 kind", "状态 status", "单位名称 name", "单位类型 type", "省份 province",
        "城市 city", "区县 county", "通讯地址 address", "联系人 contactName", "联系电话 phone", "电子邮箱 email",
        "2018-2021年青少年科技教育工作情况 trackRecord", "工作计划 workPlan", "盖章扫描件 sealScanSha256",
        "起草时间 draftedAt", "提交时间 submittedAt", "推荐意见 recommendation", "推荐说明 recommendationComment",
        "评审平均分 averageScore", "命名结果 designation",
    ];

    public static byte[] Write(IEnumerable<Application> applications)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var a in applications)
        {
            var p = a.Applicant;
            Line(text,
            [
                a.Id.ToString(), a.CallId.ToString(), Label(a.Kind), Label(a.Status), p.Name, Label(p.Type), p.Province,
                p.City, p.County ?? "", p.Address, p.ContactName, p.Phone, p.Email, a.TrackRecord, a.WorkPlan,
                a.SealScan?.Sha256 ?? "", Time(a.DraftedAt), a.SubmittedAt is { } s ? Time(s) : "",
                a.Recommendation?.Decision ?? "", a.Recommendation?.Comment ?? "",
                a.AverageScore?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", a.Designation?.Decision ?? "",
            ]);
        }
        var bom = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. bom, .. body];
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            var value = fields[i];
            if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
            text.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }
        text.Append("\r\n");
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Label(PilotKind kind) => kind == PilotKind.PilotUnit ? "试点单位" : "试点城市";

    private static string Label(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "草稿",
        ApplicationStatus.Submitted => "已提交",
        ApplicationStatus.Recommended => "已推荐",
        ApplicationStatus.Returned => "退回修改",
        ApplicationStatus.NotRecommended => "不予推荐",
        ApplicationStatus.Designated => "已命名",
        _ => "未命名",
    };

    private static string Label(ApplicantType type) => type switch
    {
        ApplicantType.PrimarySchool => "小学",
        ApplicantType.SecondarySchool => "中学",
        ApplicantType.ScienceMuseum => "科普场馆",
        ApplicantType.TrainingInstitution => "科技类校外培训机构",
        ApplicantType.ScienceEducationBase => "科普教育基地",
        ApplicantType.CityAssociation => "市科协",
        _ => "其他",
    };
}
