using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Experts;

var builder = WebApplication.CreateBuilder(args);
builder.AddExperts();

var app = builder.Build();
app.UseKechuangService();
app.MapExpertsApi();
app.Run();
