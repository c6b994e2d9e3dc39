using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources;

var builder = WebApplication.CreateBuilder(args);
builder.AddResources();
builder.Services.AddRequestExamples(OpenApiExamples.Bodies);

var app = builder.Build();
app.UseKechuangService();
app.MapResourcesApi();
app.Run();
