using Kechuang.Resources;
using Kechuang.TestKit;

namespace Kechuang.Resources.Tests;

/// <summary>The resources service on its own database and vhost.</summary>
public sealed class ResourcesFactory() : ServiceFactory<ResourcesService.Marker>(ResourcesService.Name);
