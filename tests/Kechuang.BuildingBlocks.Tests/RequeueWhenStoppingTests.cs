using System.Reflection;
using Kechuang.BuildingBlocks.Messaging;
using MassTransit;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests;

/// <summary>Which consumer failures go back to the queue, and which to the error queue.</summary>
public sealed class RequeueWhenStoppingTests
{
    [Fact]
    public async Task A_failure_because_the_process_is_stopping_is_thrown_back_to_the_transport_to_be_requeued()
    {
        var stopping = new InvalidOperationException("handling failed", new ObjectDisposedException("IServiceProvider"));
        var (thrown, reachedErrorQueue) = await SendAsync(stopping, CancellationToken.None);
        Assert.Same(stopping, thrown);
        Assert.False(reachedErrorQueue);

        var cancelled = new OperationCanceledException();
        (thrown, reachedErrorQueue) = await SendAsync(cancelled, new CancellationToken(canceled: true));
        Assert.Same(cancelled, thrown);
        Assert.False(reachedErrorQueue);
    }

    [Fact]
    public async Task Any_other_failure_goes_on_to_the_fault_event_and_the_error_queue()
    {
        foreach (var failure in new Exception[] { new InvalidOperationException("unknown kind"), new OperationCanceledException() })
        {
            var (thrown, reachedErrorQueue) = await SendAsync(failure, CancellationToken.None);
            Assert.Null(thrown);
            Assert.True(reachedErrorQueue);
        }
    }

    private static async Task<(Exception? Thrown, bool ReachedErrorQueue)> SendAsync(Exception exception, CancellationToken token)
    {
        var context = DispatchProxy.Create<ExceptionReceiveContext, FailedReceive>();
        ((FailedReceive)(object)context).Failure = (exception, token);
        var next = new Recording();
        var thrown = await Record.ExceptionAsync(() => new RequeueWhenStopping().Send(context, next));
        return (thrown, next.Called);
    }

    /// <summary>A received message whose handling failed: only its exception and cancellation are read.</summary>
    public class FailedReceive : DispatchProxy
    {
        public (Exception Exception, CancellationToken Token) Failure { get; set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_Exception" => Failure.Exception,
            "get_CancellationToken" => Failure.Token,
            _ => throw new NotSupportedException(method?.Name),
        };
    }

    private sealed class Recording : IPipe<ExceptionReceiveContext>
    {
        public bool Called { get; private set; }

        public Task Send(ExceptionReceiveContext context)
        {
            Called = true;
            return Task.CompletedTask;
        }

        public void Probe(ProbeContext context)
        {
        }
    }
}
