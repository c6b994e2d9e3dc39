using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Training;

var builder = WebApplication.CreateBuilder(args);
builder.AddTraining();

var app = builder.Build();
app.UseKechuangService();
app.MapTrainingApi();
app.Run();
