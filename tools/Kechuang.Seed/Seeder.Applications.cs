using System.Net;
using System.Net.Http.Headers;

namespace Kechuang.Seed;

public sealed partial class Seeder
{
    /// <summary>A scanned, sealed form: a small PNG (the service checks the file's own bytes).</summary>
    private static readonly byte[] SealScan = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly (string Type, Func<DemoNames, City, County, string> Name)[] UnitKinds =
    [
        ("primary-school", (n, _, k) => $"{k.Name}{n.Pick(["实验", "中心", "第一", "第二", "希望"])}小学"),
        ("secondary-school", (n, _, k) => $"{k.Name}{n.Pick(["第一", "第二", "实验", "民族"])}中学"),
        ("science-museum", (_, c, _) => $"{c.Name}科技馆"),
        ("training-institution", (_, c, _) => $"{c.Name}青少年科技教育培训中心"),
        ("science-education-base", (_, _, k) => $"{k.Name}青少年科普教育基地"),
        ("other", (_, _, k) => $"{k.Name}青少年校外活动中心"),
    ];

    /// <summary>Where each application ends up, by its number: every status, two in ten designated.</summary>
    private static readonly string[] ApplicationOutcomes =
        ["draft", "submitted", "returned", "not-recommended", "recommended", "recommended", "designated", "designated", "declined", "recommended"];

    private async Task ApplicationsAsync(SeedScale scale, CancellationToken ct)
    {
        var items = PerProvince(scale.ApplicationsPerProvince);
        await ForEachAsync("applications", items, async item =>
        {
            var (province, index, number) = item;
            var outcome = ApplicationOutcomes[number % ApplicationOutcomes.Length];
            var names = new DemoNames($"application/{province.Slug}/{index}");
            var isCity = index == 0 && number % 2 == 0 && outcome != "draft";
            var ownsDemoUnit = province == Geography.Demo && index == 0;
            var owner = ownsDemoUnit ? Unit : Association(province);
            var form = isCity ? CityForm(names, province) : UnitForm(names, province, ownsDemoUnit);
            var item0 = $"application/{province.Slug}/{index}";
            var id = (await api.PostAsync(owner, "/api/v1/applications", form, Key(item0))).GetProperty("id").GetGuid();
            if (outcome == "draft") return;

            // A resumed run finds the scan already named by the submission: that is a 409, and fine.
            await api.PutAsync(owner, $"/api/v1/applications/{id}/seal-scan", () =>
            {
                var content = new ByteArrayContent(SealScan);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                return content;
            }, HttpStatusCode.Conflict);
            await api.PostAsync(owner, $"/api/v1/applications/{id}/submit", new { declaration = true }, Key($"{item0}/submit"));
            if (outcome == "submitted") return;

            var decision = outcome switch { "returned" => "return", "not-recommended" => "not-recommend", _ => "recommend" };
            await api.PostAsync(Association(province), $"/api/v1/applications/{id}/recommendation", new
            {
                decision,
                comment = decision switch
                {
                    "recommend" => "材料齐全，工作基础扎实，同意推荐。",
                    "return" => "请补充近三年活动开展情况的佐证材料后重新提交。",
                    _ => "申报材料与试点要求差距较大，本年度不予推荐。",
                },
            }, Key($"{item0}/recommendation"));
            if (outcome is "returned" or "not-recommended" || (outcome == "recommended" && number % 3 != 0)) return;

            await api.PostAsync(Centre, $"/api/v1/applications/{id}/reviews",
                new { score = outcome == "declined" ? names.Between(55, 70) : names.Between(80, 98), comment = "专家评审意见：方案可行，特色鲜明。" },
                Key($"{item0}/review"));
            if (outcome == "recommended") return;
            await api.PostAsync(Centre, $"/api/v1/applications/{id}/designation", new
            {
                decision = outcome == "designated" ? "designate" : "decline",
                comment = outcome == "designated" ? "经评审，同意命名为试点。" : "本批次名额有限，暂不命名。",
            }, Key($"{item0}/designation"));
        }, ct);
        progress.Finish($"{items.Count} applications in {Geography.Provinces.Count} provinces, every status");
    }

    private object UnitForm(DemoNames names, Province province, bool demoUnit)
    {
        var (city, county) = demoUnit ? (province.Cities[0], province.Cities[0].Counties[0]) : names.Pick(province.Places.ToList());
        var kind = names.Pick(UnitKinds);
        var (type, name) = demoUnit ? ("science-museum", UnitName) : (kind.Type, kind.Name(names, city, county));
        return new
        {
            callId = _callId,
            kind = "pilot-unit",
            applicant = new
            {
                name, type, province = province.Name, city = city.Name, county = county.Name,
                address = $"{city.Name}{county.Name}{names.Pick(["人民路", "建设路", "文化路", "科技路", "育才路"])}{names.Between(1, 300)}号",
                contactName = names.Person(), phone = DemoNames.Mobile(39, names.Between(0, 100_000_000)),
                email = $"contact{names.Between(100, 99_999)}@{province.Slug}.school.example.cn",
            },
            trackRecord = $"近三年开展{names.Subject()}、{names.Subject()}等科学教育活动{names.Between(12, 90)}场，参与学生{names.Between(500, 6000)}人次，"
                + $"组建学生科技社团{names.Between(3, 15)}个，在青少年科技创新大赛中获省级以上奖项{names.Between(2, 30)}项。",
            workPlan = "依托课后服务开设科技选修课和兴趣小组，每学期邀请科学家进校园不少于两次，建设校内科学实践基地，"
                + "与科技馆、高校共建实践课程，带动周边乡村学校共同开展科学教育。",
        };
    }

    private object CityForm(DemoNames names, Province province)
    {
        var city = province.Cities[^1];
        return new
        {
            callId = _callId,
            kind = "pilot-city",
            applicant = new
            {
                name = $"{city.Name}科学技术协会", type = "city-association", province = province.Name, city = city.Name,
                address = $"{city.Name}{city.Counties[0].Name}科技馆路{names.Between(1, 99)}号",
                contactName = names.Person(), phone = DemoNames.Mobile(38, names.Between(0, 100_000_000)),
                email = $"kx{names.Between(100, 99_999)}@{province.Slug}.kx.example.cn",
            },
            trackRecord = $"全市建成科普教育基地{names.Between(10, 60)}个，青少年科技创新大赛年均参与学生{names.Between(5000, 30000)}人，"
                + "市科协与教育局联合印发课后服务科学教育工作方案。",
            workPlan = "统筹全市科技馆、高校和企业资源，推动科学家进校园常态化，三年内实现乡村学校科学教育活动全覆盖。",
        };
    }
}
