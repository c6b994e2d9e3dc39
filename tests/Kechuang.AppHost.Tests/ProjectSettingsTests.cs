using Xunit;

namespace Kechuang.AppHost.Tests;

/// <summary>
/// Issue 14 §5: what the AppHost hands its projects. Every project runs as Production, also when
/// the AppHost itself is in Development (<c>./kechuang run</c>); each service gets the connection
/// string configured for it (its own PostgreSQL role), else its database on the shared server.
/// </summary>
public sealed class ProjectSettingsTests
{
    private static readonly string[] Projects = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];
    private static readonly string[] Databases = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Every_project_runs_as_production(string apphostEnvironment)
    {
        await using var app = await AppHostModel.BuildAsync(apphostEnvironment, "Parameters:bootstrap-admin-key=a-key-of-its-own");
        foreach (var project in Projects)
        {
            var environment = await AppHostModel.EnvironmentAsync(app, project);
            Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("Production", environment["DOTNET_ENVIRONMENT"]);
        }
    }

    [Fact]
    public async Task Each_service_gets_the_connection_string_configured_for_it()
    {
        var settings = Databases.Select(db => $"ConnectionStrings:{db}-db=Host=127.0.0.1;Username=kechuang_{db};Password=p-{db};Database=kechuang_{db}");
        await using var app = await AppHostModel.BuildAsync("Development", [.. settings]);
        foreach (var db in Databases)
        {
            var environment = await AppHostModel.EnvironmentAsync(app, db);
            Assert.Equal($"Host=127.0.0.1;Username=kechuang_{db};Password=p-{db};Database=kechuang_{db}", environment[$"ConnectionStrings__{db}-db"]);
        }
    }

    [Fact]
    public async Task Without_them_each_service_gets_its_database_on_the_shared_server()
    {
        await using var app = await AppHostModel.BuildAsync("Development", "Kechuang:DatabasePrefix=t_prefix");
        var environment = await AppHostModel.EnvironmentAsync(app, "training");
        Assert.EndsWith(";Database=t_prefix_training", environment["ConnectionStrings__training-db"]);
        Assert.Contains("Username=nobody", environment["ConnectionStrings__training-db"]);
    }

    [Fact]
    public async Task Only_the_gateway_gets_Redis()
    {
        await using var app = await AppHostModel.BuildAsync("Development");
        Assert.Equal("127.0.0.1:1,password=unused", (await AppHostModel.EnvironmentAsync(app, "gateway"))["ConnectionStrings__redis"]);
        foreach (var db in Databases.Where(db => db != "gateway"))
            Assert.DoesNotContain("ConnectionStrings__redis", (await AppHostModel.EnvironmentAsync(app, db)).Keys);
    }

    [Fact]
    public void The_apphost_forgets_the_services_database_variables_so_its_children_do_not_inherit_them()
    {
        var redis = Environment.GetEnvironmentVariable("ConnectionStrings__redis");
        Environment.SetEnvironmentVariable("ConnectionStrings__forget-me-db", "Password=secret");
        Environment.SetEnvironmentVariable("ConnectionStrings__redis", "127.0.0.1:1,password=secret");
        Environment.SetEnvironmentVariable("ConnectionStrings__keep-me", "amqp://x");
        Infrastructure.ForgetDatabaseVariables();
        Assert.Null(Environment.GetEnvironmentVariable("ConnectionStrings__forget-me-db"));
        Assert.Null(Environment.GetEnvironmentVariable("ConnectionStrings__redis"));
        Environment.SetEnvironmentVariable("ConnectionStrings__redis", redis);
        Assert.Equal("amqp://x", Environment.GetEnvironmentVariable("ConnectionStrings__keep-me"));
        Environment.SetEnvironmentVariable("ConnectionStrings__keep-me", null);
    }
}
