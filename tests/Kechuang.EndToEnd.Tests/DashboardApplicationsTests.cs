using System.Globalization;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// The review of pilot applications in a real browser: a province recommends what its applicants
/// submitted, the centre designates, the overview follows; a province sees only its own
/// province; the API's field errors show next to their fields.
/// </summary>
public sealed class DashboardApplicationsTests(SystemFixture system, DashboardBrowser browser) : IClassFixture<DashboardBrowser>
{
    private const string Province = "宁夏回族自治区";
    private const string OtherProvince = "广东省";

    /// <summary>A province only the designation test uses, so its overview counts move by that test's work alone.</summary>
    private const string DesignationProvince = "青海省";

    [Fact]
    public async Task A_province_recommends_a_submitted_application_the_centre_designates_it_and_the_overview_counts_change()
    {
        var centreKey = await system.ClientAsync("centre");
        var callId = await DashboardSeed.OpenCallAsync(centreKey);
        var name = Unique("西宁市实验小学");
        var id = await DashboardSeed.SubmittedApplicationAsync(
            await system.ClientAsync("province", DesignationProvince), callId, DesignationProvince, name, "西宁市");

        // The province's overview before (its figures count its own province only).
        var province = await browser.SignInAsync(system, "province", DesignationProvince);
        await DashboardBrowser.Ready(province);
        var designatedBefore = await StatAsync(province, "stat-designated");
        var pilotsBefore = await StatAsync(province, "stat-pilots");

        // The province finds it in its queue (submitted, its province) and recommends it.
        await province.GotoAsync("/applications");
        await DashboardBrowser.Ready(province);
        await province.Locator("[data-testid=filter-q] input").FillAsync(name);
        await province.Locator("[data-testid=application-link]", new() { HasText = name }).ClickAsync();
        await DashboardBrowser.Ready(province);
        await Expect(province.Locator("h1")).ToHaveTextAsync(name);
        await Expect(province.Locator("[data-testid=application-form]")).ToContainTextAsync("马老师");
        await Expect(province.Locator("[data-testid=seal-scan] img")).ToBeVisibleAsync();
        await province.Locator("[data-testid=field-comment] textarea").FillAsync("材料齐全，同意推荐。");
        await DashboardBrowser.ScreenshotAsync(province, "application");
        await province.ClickAsync("[data-testid=submit-recommendation]");
        await Expect(province.Locator(".mud-snackbar").Last).ToContainTextAsync("推荐意见已提交");
        await Expect(province.Locator("[data-status=recommended]").First).ToBeVisibleAsync();
        await Expect(province.Locator("[data-testid=history]")).ToContainTextAsync("省级推荐单位同意推荐");

        // The centre scores and designates it.
        var centre = await browser.SignInAsync(system, "centre");
        await centre.GotoAsync($"/applications/{id}");
        await DashboardBrowser.Ready(centre);
        await centre.Locator("[data-testid=field-score] input").FillAsync("92");
        await centre.ClickAsync("[data-testid=submit-review]");
        await Expect(centre.Locator(".mud-snackbar").Last).ToContainTextAsync("评分已记录");
        await centre.ClickAsync("[data-testid=submit-designation]");
        await Expect(centre.Locator(".mud-snackbar").Last).ToContainTextAsync("命名结果已提交");
        await Expect(centre.Locator("[data-status=designated]").First).ToBeVisibleAsync();
        await Expect(centre.Locator("[data-testid=history]")).ToContainTextAsync("命名为试点");

        // The province's overview counts exactly this one more designation and, once the pilot list
        // is updated from the designation event, exactly one more pilot.
        await province.GotoAsync("/");
        await DashboardBrowser.Ready(province);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await StatAsync(province, "stat-designated") != designatedBefore + 1 || await StatAsync(province, "stat-pilots") != pilotsBefore + 1)
               && DateTime.UtcNow < deadline)
        {
            await province.ClickAsync("[data-testid=refresh]");
            await DashboardBrowser.Ready(province);
        }
        Assert.Equal(designatedBefore + 1, await StatAsync(province, "stat-designated"));
        Assert.Equal(pilotsBefore + 1, await StatAsync(province, "stat-pilots"));
        await province.Context.CloseAsync();
        await centre.Context.CloseAsync();
    }

    [Fact]
    public async Task A_province_user_cannot_see_another_province_s_applications()
    {
        var callId = await DashboardSeed.OpenCallAsync(await system.ClientAsync("centre"));
        var ownName = Unique("石嘴山市第一小学");
        var own = await DashboardSeed.SubmittedApplicationAsync(await system.ClientAsync("province", Province), callId, Province, ownName);
        var othersName = Unique("深圳市南山区实验学校");
        var others = await DashboardSeed.SubmittedApplicationAsync(await system.ClientAsync("province", OtherProvince), callId, OtherProvince, othersName, "深圳市");

        var page = await browser.SignInAsync(system, "province", Province);
        await page.GotoAsync("/applications");
        await DashboardBrowser.Ready(page);
        var rows = page.Locator("[data-testid=applications-table] tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        foreach (var cell in await page.Locator("[data-testid=application-province]").AllTextContentsAsync())
            Assert.Equal(Province, cell.Trim());

        // Searching for the other province's applicant finds nothing; its page does not exist for this user.
        await page.Locator("[data-testid=filter-q] input").FillAsync(othersName);
        await Expect(page.Locator("[data-testid=empty-state]")).ToBeVisibleAsync();
        await page.GotoAsync($"/applications/{others}");
        await DashboardBrowser.Ready(page);
        await Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        await page.GotoAsync($"/applications/{own}");
        await DashboardBrowser.Ready(page);
        await Expect(page.Locator("[data-testid=application-form]")).ToBeVisibleAsync();

        // The call's CSV export, fetched by the dashboard as this user, holds the province's rows only.
        var export = await page.APIRequest.GetAsync($"/files/applications/export?callId={callId}");
        Assert.Equal(200, export.Status);
        Assert.StartsWith("text/csv", export.Headers["content-type"]);
        var csv = System.Text.Encoding.UTF8.GetString(await export.BodyAsync());
        Assert.Equal('\uFEFF', csv[0]);
        Assert.Contains(ownName, csv);
        Assert.DoesNotContain(othersName, csv);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_validation_error_from_the_api_shows_next_to_its_field()
    {
        var callId = await DashboardSeed.OpenCallAsync(await system.ClientAsync("centre"));
        var id = await DashboardSeed.SubmittedApplicationAsync(await system.ClientAsync("province", Province), callId, Province, Unique("吴忠市实验小学"));

        var page = await browser.SignInAsync(system, "province", Province, returnUrl: $"/applications/{id}");
        await Expect(page.Locator("h1")).Not.ToHaveTextAsync("项目总览");
        // Returning an application needs a reason: the API answers 400 with errors.comment.
        await page.Locator("[data-testid=field-decision]").GetByText("退回修改").ClickAsync();
        await page.ClickAsync("[data-testid=submit-recommendation]");
        var commentField = page.Locator("[data-testid=field-comment]");
        await Expect(commentField.Locator(".mud-input-helper-text.mud-input-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("请按提示修改标出的字段");
        await Expect(page.Locator("[data-status=submitted]").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task<long> StatAsync(IPage page, string stat)
    {
        var text = await page.Locator($"[data-testid={stat}-value]").TextContentAsync();
        return long.Parse(text!.Replace(",", ""), CultureInfo.InvariantCulture);
    }

    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";
}
