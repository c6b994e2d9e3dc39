using Kechuang.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// Production from a build output (the AppHost runs every project as Production): serve the static
// web assets (blazor.web.js, the packages' files) from the build manifest; published output has
// no such manifest, so there this does nothing.
builder.WebHost.UseStaticWebAssets();
builder.AddDashboard();

var app = builder.Build();
app.UseDashboard();
app.Run();
