using System.Net.Http.Json;
using Kechuang.BuildingBlocks.Tests.Bridge;
using Kechuang.ServiceDefaults.Logging;
using Kechuang.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Logs;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

public sealed class LoggingTests
{
    [Theory]
    [InlineData("联系电话 13800138000。", "138****8000", "13800138000")]
    [InlineData("座机 010-68518519", "010-****8519", "68518519")]
    [InlineData("邮箱 zhang.san@example.edu.cn", "z***@example.edu.cn", "zhang.san@")]
    [InlineData("X-Api-Key: kc_Rx60u1-ikWBdQEX05XDxuybd13Dti52S", "kc_***", "Rx60u1")]
    [InlineData("secret whsec_q+7Zk/3mWw1c2R5xYbT0aLk9dE8fG6hJ4iU1oP2sV3w= rotated", "whsec_*** rotated", "oP2sV3w")]
    [InlineData("{\"username\":\"li\",\"password\":\"hunter2-long\"}", "\"password\":\"***\"", "hunter2")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXk6MSJ9.c2lnbmF0dXJl", "***token***", "eyJzdWIi")]
    public void Personal_data_and_secrets_are_masked(string text, string masked, string secret)
    {
        var result = PersonalData.Mask(text);
        Assert.Contains(masked, result);
        Assert.DoesNotContain(secret, result);
    }

    [Fact]
    public void Ordinary_text_and_ids_are_left_alone()
    {
        const string text = "Application 3f2b8c1e-0a4d-4b6e-9f00-123456789abc submitted by 广东省科协 in 2022 (score 95)";
        Assert.Equal(text, PersonalData.Mask(text));
    }

    [Fact]
    public void The_console_line_is_json_with_the_message_masked()
    {
        var output = new StringWriter();
        new JsonLineFormatter().Write(
            new LogEntry<string>(LogLevel.Warning, "Kechuang.Test", new EventId(1), "call 13912345678", null, (s, _) => s),
            null, output);
        var line = output.ToString();
        Assert.Contains("\"level\":\"Warning\"", line);
        Assert.Contains("139****5678", line);
        Assert.DoesNotContain("13912345678", line);
    }

    [Fact]
    public async Task A_request_carrying_a_phone_number_and_an_api_key_leaves_neither_in_the_exported_logs()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("logs");
        var vhost = await TestInfrastructure.CreateVhostAsync("logs");
        var exported = new List<LogRecord>();
        await using (var service = await MiniService.StartAsync("logs", db, vhost, _ => { }, builder =>
        {
            builder.Logging.AddOpenTelemetry(o => o.AddInMemoryExporter(exported));
        }, app => app.MapPost("/careless", (HttpRequest request, Payload body, ILogger<LoggingTests> logger) =>
        {
            // Code that should never log this, logging it anyway.
            logger.LogWarning("Partner sent {Phone} and {Email} with key {Key}", body.Phone, body.Email, request.Headers["X-Api-Key"].ToString());
            return Results.Ok();
        }).RequireAuthorization()))
        {
            var client = service.ClientFor(Actors.Centre);
            client.DefaultRequestHeaders.Add("X-Api-Key", "kc_SECRETsecretSECRETsecret123");
            await client.PostAsJsonAsync("/careless", new Payload("13800138000", "wang.wu@school.cn"));
        }

        var lines = exported.Select(r => $"{r.FormattedMessage} {r.Body} {string.Join(",", r.Attributes?.Select(a => a.Value) ?? [])}").ToList();
        var careless = Assert.Single(lines, l => l.Contains("Partner sent"));
        Assert.DoesNotContain("13800138000", careless);
        Assert.DoesNotContain("wang.wu@", careless);
        Assert.DoesNotContain("SECRETsecret", careless);
        Assert.Contains("138****8000", careless);
        Assert.All(lines, l => Assert.DoesNotContain("SECRETsecret", l));
        await TestInfrastructure.DropDatabaseAsync(db);
        await TestInfrastructure.DeleteVhostAsync(vhost);
    }

    [Fact]
    public void The_framework_s_per_request_lines_are_off_by_default_and_configuration_turns_them_back_on()
    {
        var defaults = WebApplication.CreateSlimBuilder();
        defaults.AddServiceDefaults();
        using (var app = defaults.Build())
        {
            var loggers = app.Services.GetRequiredService<ILoggerFactory>();
            Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
            Assert.False(loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").IsEnabled(LogLevel.Information));
            Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        }

        var verbose = WebApplication.CreateSlimBuilder();
        verbose.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        verbose.AddServiceDefaults();
        using (var app = verbose.Build())
            Assert.True(app.Services.GetRequiredService<ILoggerFactory>()
                .CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }

    public sealed record Payload(string Phone, string Email);
}
