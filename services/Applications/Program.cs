using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Applications;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplications();

var app = builder.Build();
app.UseKechuangService();
app.MapApplicationsApi();
app.Run();
