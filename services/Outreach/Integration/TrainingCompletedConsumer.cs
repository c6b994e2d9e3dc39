using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Training;
using Kechuang.Outreach.Domain;
using Marten;
using MassTransit;

namespace Kechuang.Outreach.Integration;

/// <summary>A rural teacher who completed a course counts as trained in the county of the teacher's school.</summary>
public sealed class TrainingCompletedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<TrainingCompleted>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, TrainingCompleted message, ConsumeContext<TrainingCompleted> context)
    {
        if (!message.School.Rural) return Task.CompletedTask;
        var fact = new TeacherTrainingReceived(message.EnrolmentId, message.CourseId, FactLog.School(message.School),
            message.CompletedAt, Actor.System, Clock.GetUtcNow());
        return FactLog.RecordOnceAsync(session, "enrolment", message.EnrolmentId, fact, context.CancellationToken);
    }
}
