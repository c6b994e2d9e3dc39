using Kechuang.Training;
using Kechuang.TestKit;

namespace Kechuang.Training.Tests;

/// <summary>The training service on its own database and vhost.</summary>
public sealed class TrainingFactory() : ServiceFactory<TrainingService.Marker>(TrainingService.Name);
