using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Access;
using Kechuang.Gateway.Access.SignIn;
using Kechuang.Gateway.Access.Staff;
using Kechuang.Gateway.Webhooks;

namespace Kechuang.Gateway.OpenApi;

/// <summary>The example of each of the gateway's own request bodies in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new ApiKeyEndpoints.CreateKeyRequest("浙江省科协青少年科技教育平台", Roles.Province, "浙江省", null, null))
        .Add(new StaffEndpoints.CreateUserRequest("zhejiang.kepu", "Kepu-2026-zj!", Roles.Province, "浙江省", null, null))
        .Add(new StaffEndpoints.PasswordResetRequest("Kepu-2026-reset"))
        .Add(new SignInEndpoints.TokenRequest("zhejiang.kepu", "Kepu-2026-zj!"))
        .Add(new SignInEndpoints.PasswordChangeRequest("Kepu-2026-zj!", "Kepu-2026-new"))
        .Add(new WebhookRegistration.RegisterRequest("https://hooks.example.com/kechuang", ["pilot-designated", "resource-published"]));
}
