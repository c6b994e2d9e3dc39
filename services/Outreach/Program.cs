using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Outreach;

var builder = WebApplication.CreateBuilder(args);
builder.AddOutreach();

var app = builder.Build();
app.UseKechuangService();
app.MapOutreachApi();
app.Run();
