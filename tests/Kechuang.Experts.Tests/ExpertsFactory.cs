using Kechuang.Experts;
using Kechuang.TestKit;

namespace Kechuang.Experts.Tests;

/// <summary>The experts service on its own database and vhost.</summary>
public sealed class ExpertsFactory() : ServiceFactory<ExpertsService.Marker>(ExpertsService.Name);
