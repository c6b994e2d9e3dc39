using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;

namespace Kechuang.Resources.Tests;

/// <summary>A list shows each package and subscription at the version its ETag carries: its stream's, one per event.</summary>
public sealed class VersionTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_published_package_is_at_version_2_in_its_ETag_and_in_the_list()
    {
        var resource = await PublishedAsync(service, Resource("种子发芽观察", topics: ["biology"], grades: ["grade-3"]));
        var drafted = await Centre.PostAsJsonAsync("/api/v1/packages",
            new { title = "生命科学资源包", description = "观察与记录。", resourceIds = new[] { resource }, audience = "小学中年级学生" });
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/packages/{id}/publish", null)).StatusCode);

        Assert.Equal(2, await Centre.ETagVersionAsync($"/api/v1/packages/{id}"));
        Assert.Equal(2, await Centre.ListedVersionAsync("/api/v1/packages?pageSize=200", id));
    }

    [Fact]
    public async Task A_cancelled_subscription_is_at_version_2_in_its_ETag_and_in_the_list()
    {
        var school = service.ClientFor(Actors.School("贵州省", Guid.NewGuid()));
        var subscribed = await school.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            school = new { name = "石门坎小学", province = "贵州省", city = "毕节市", county = "威宁彝族回族苗族自治县", rural = true },
            topics = new[] { "agriculture" },
            grades = new[] { "grade-7" },
        });
        var id = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).Id();
        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/subscriptions/{id}/cancel", null)).StatusCode);

        Assert.Equal(2, await Centre.ETagVersionAsync($"/api/v1/subscriptions/{id}"));
        Assert.Equal(2, await Centre.ListedVersionAsync("/api/v1/subscriptions?pageSize=200", id));
    }

    [Fact]
    public async Task A_featured_resource_is_at_version_4_in_its_ETag_and_in_the_catalogue()
    {
        var title = $"版本号核对 {Guid.NewGuid():N}";
        var id = await PublishedAsync(service, Resource(title));   // submitted, reviewed, published
        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/resources/{id}/feature", null)).StatusCode);

        Assert.Equal(4, await Centre.ETagVersionAsync($"/api/v1/resources/{id}"));
        Assert.Equal(4, await Centre.ListedVersionAsync($"/api/v1/resources?q={Uri.EscapeDataString(title)}", id));
    }
}
