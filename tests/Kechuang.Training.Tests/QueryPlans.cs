using Kechuang.TestKit;

namespace Kechuang.Training.Tests;

/// <summary>The training service, its statements recorded for the query-plan tests.</summary>
public abstract class TrainingPlanFactory() : PlanFactory<TrainingService.Marker>(TrainingService.Name);
