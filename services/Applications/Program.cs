using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Applications;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplications();
builder.Services.AddRequestExamples(OpenApiExamples.Bodies);

var app = builder.Build();
app.UseKechuangService();
app.MapApplicationsApi();
app.Run();
