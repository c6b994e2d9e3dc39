using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Training;

var builder = WebApplication.CreateBuilder(args);
builder.AddTraining();
builder.Services.AddRequestExamples(OpenApiExamples.Bodies);

var app = builder.Build();
app.UseKechuangService();
app.MapTrainingApi();
app.Run();
