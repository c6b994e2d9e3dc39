using Kechuang.TestKit;

namespace Kechuang.Experts.Tests;

/// <summary>The experts service, its statements recorded for the query-plan tests.</summary>
public abstract class ExpertsPlanFactory() : PlanFactory<ExpertsService.Marker>(ExpertsService.Name);
