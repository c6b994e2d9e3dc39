using Kechuang.Outreach;
using Kechuang.TestKit;

namespace Kechuang.Outreach.Tests;

/// <summary>The outreach service on its own database and vhost.</summary>
public sealed class OutreachFactory() : ServiceFactory<OutreachService.Marker>(OutreachService.Name);
