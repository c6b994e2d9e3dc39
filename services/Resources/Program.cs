using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Resources;

var builder = WebApplication.CreateBuilder(args);
builder.AddResources();

var app = builder.Build();
app.UseKechuangService();
app.MapResourcesApi();
app.Run();
