using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Experts;

var builder = WebApplication.CreateBuilder(args);
builder.AddExperts();
builder.Services.AddRequestExamples(OpenApiExamples.Bodies);

var app = builder.Build();
app.UseKechuangService();
app.MapExpertsApi();
app.Run();
