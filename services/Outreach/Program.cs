using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Outreach;

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreach();
builder.Services.AddRequestExamples(OpenApiExamples.Bodies);

var app = builder.Build();
app.UseKechuangService();
app.MapOutreachApi();
app.Run();
