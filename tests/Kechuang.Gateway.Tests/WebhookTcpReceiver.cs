using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// A receiver below HTTP: one that accepts connections and never answers (a black hole), or one
/// that answers something that is not HTTP.
/// </summary>
public sealed class WebhookTcpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    private WebhookTcpReceiver(bool answerGarbage)
    {
        _listener.Start();
        _accepting = AcceptAsync(answerGarbage);
    }

    public static WebhookTcpReceiver BlackHole() => new(answerGarbage: false);

    public static WebhookTcpReceiver Garbage() => new(answerGarbage: true);

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync(bool answerGarbage)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(client);
                Interlocked.Increment(ref _accepted);
                if (!answerGarbage) continue;
                var stream = client.GetStream();
                await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false, _stop.Token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("this is not HTTP\r\n\r\n"), _stop.Token);
                client.Dispose();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting;
        _listener.Stop();
        foreach (var connection in _connections) connection.Dispose();
        _stop.Dispose();
    }
}
