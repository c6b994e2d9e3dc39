using Kechuang.Applications;
using Kechuang.TestKit;

namespace Kechuang.Applications.Tests;

/// <summary>The applications service on its own database and vhost.</summary>
public sealed class ApplicationsFactory() : ServiceFactory<ApplicationsService.Marker>(ApplicationsService.Name);
