using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Xunit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Kechuang.Architecture.Tests;

/// <summary>
/// The shape README "Architecture" describes, checked on the compiled code: BuildingBlocks is
/// layered (Domain ← Persistence ← Http, Persistence ← Messaging ← Operations, Hosting on top)
/// with no cycle between its namespaces; a service references BuildingBlocks and Contracts only;
/// a service's domain is plain C#: no web, storage or bus types in it.
/// </summary>
public sealed class LayeringTests
{
    private static readonly System.Reflection.Assembly[] Services =
    [
        typeof(Applications.ApplicationsService).Assembly,
        typeof(Resources.ResourcesService).Assembly,
        typeof(Experts.ExpertsService).Assembly,
        typeof(Training.TrainingService).Assembly,
        typeof(Outreach.OutreachService).Assembly,
    ];

    private static readonly System.Reflection.Assembly BuildingBlocks = typeof(BuildingBlocks.Domain.Actor).Assembly;

    private static readonly ArchUnitNET.Domain.Architecture Code =
        new ArchLoader().LoadAssemblies([BuildingBlocks, .. Services]).Build();

    private static IObjectProvider<IType> Layer(string name) =>
        Types().That().ResideInNamespaceMatching($@"Kechuang\.BuildingBlocks\.{name}(\..+)?").As($"BuildingBlocks.{name}");

    // Types(true): the frameworks' types our code refers to count too, not only the assemblies loaded.
    private static IObjectProvider<IType> Outside(params string[] namespaces) =>
        Types(true).That().ResideInNamespaceMatching($@"({string.Join('|', namespaces.Select(n => n.Replace(".", @"\.")))})(\..+)?")
            .As(string.Join(", ", namespaces));

    [Fact]
    public void The_namespaces_of_BuildingBlocks_have_no_cycles() =>
        SliceRuleDefinition.Slices().Matching("Kechuang.BuildingBlocks.(*)").Should().BeFreeOfCycles().Check(Code);

    [Theory]
    [InlineData("Domain", new[] { "Persistence", "Http", "Messaging", "Operations", "Security", "Hosting" })]
    [InlineData("Persistence", new[] { "Http", "Messaging", "Operations", "Security", "Hosting" })]
    [InlineData("Http", new[] { "Messaging", "Operations", "Security", "Hosting" })]
    [InlineData("Messaging", new[] { "Http", "Operations", "Security", "Hosting" })]
    [InlineData("Security", new[] { "Persistence", "Http", "Messaging", "Operations", "Hosting" })]
    [InlineData("Operations", new[] { "Security", "Hosting" })]
    public void Each_layer_of_BuildingBlocks_uses_only_the_layers_below_it(string layer, string[] above)
    {
        var rule = Types().That().Are(Layer(layer)).Should().NotDependOnAny(Outside(above.Select(a => $"Kechuang.BuildingBlocks.{a}").ToArray()));
        rule.Check(Code);
    }

    [Fact]
    public void The_domain_of_BuildingBlocks_knows_no_web_storage_or_bus() =>
        Types().That().Are(Layer("Domain")).Should()
            .NotDependOnAny(Outside("Microsoft.AspNetCore", "Marten", "JasperFx", "Npgsql", "MassTransit"))
            .Check(Code);

    // One exception: an aggregate is a JasperFx ILongVersioned (a Version property, nothing else),
    // the interface through which Marten sets and reads the stream version it keeps for it.
    [Fact]
    public void A_services_domain_is_plain_CSharp_its_rules_take_no_web_storage_or_bus_types() =>
        Types().That().ResideInNamespaceMatching(@"Kechuang\.(Applications|Resources|Experts|Training|Outreach)\.Domain").Should()
            .NotDependOnAny(Types(true).That().Are(Outside("Microsoft.AspNetCore", "Marten", "JasperFx", "Npgsql", "MassTransit",
                    "Weasel", "Kechuang.BuildingBlocks.Persistence", "Kechuang.BuildingBlocks.Http", "Kechuang.BuildingBlocks.Messaging",
                    "Kechuang.BuildingBlocks.Operations", "Kechuang.BuildingBlocks.Security", "Kechuang.BuildingBlocks.Hosting",
                    "Kechuang.Contracts", "Kechuang.ServiceDefaults"))
                .And().DoNotHaveFullName(typeof(JasperFx.ILongVersioned).FullName!)
                .As("web, storage, bus or upper BuildingBlocks types (JasperFx's ILongVersioned aside)"))
            .Check(Code);

    [Fact]
    public void The_forbidden_sets_hold_the_framework_types_the_code_uses_so_no_rule_passes_for_want_of_them()
    {
        var seen = Outside("JasperFx", "Microsoft.AspNetCore", "Marten").GetObjects(Code).Select(t => t.FullName).ToHashSet();
        Assert.Contains(typeof(JasperFx.ILongVersioned).FullName!, seen);
        Assert.Contains(typeof(Microsoft.AspNetCore.Routing.RouteGroupBuilder).FullName!, seen);
        Assert.Contains(typeof(Marten.IDocumentSession).FullName!, seen);
    }

    [Fact]
    public void The_gateway_references_no_service()
    {
        var own = typeof(Gateway.GatewayExtensions).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(own, name => Services.Any(s => s.GetName().Name == name));
    }

    [Fact]
    public void A_service_references_BuildingBlocks_and_Contracts_and_no_other_service()
    {
        foreach (var service in Services)
        {
            var own = service.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Kechuang.", StringComparison.Ordinal));
            Assert.All(own, name => Assert.Contains(name, new[] { "Kechuang.BuildingBlocks", "Kechuang.Contracts", "Kechuang.ServiceDefaults" }));
        }
    }

    [Fact]
    public void Contracts_depend_on_nothing_of_ours() =>
        Assert.DoesNotContain(typeof(Contracts.SchoolRef).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Kechuang.", StringComparison.Ordinal));
}
