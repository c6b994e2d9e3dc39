using Yarp.ReverseProxy.Forwarder;

namespace Kechuang.Gateway.Routing;

/// <summary>
/// A request the gateway could not forward (service down, timed out, connection reset) as one
/// warning naming the route and the service. YARP itself reports these at Information, among its
/// per-request lines, which the log defaults leave out (ServiceDefaults' LogLevelDefaults).
/// </summary>
public static partial class ForwardingErrorLog
{
    public static IReverseProxyApplicationBuilder UseForwardingErrorLog(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            if (context.GetForwarderErrorFeature() is not { } failure) return;
            // A client that went away is not the service's failure.
            if (failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
                or ForwarderError.ResponseBodyCanceled) return;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ForwardingErrorLog));
            Failed(logger, context.Request.Method, context.Request.Path, context.GetReverseProxyFeature().Cluster.Config.ClusterId,
                failure.Error, context.Response.StatusCode, failure.Exception);
        });
        return proxy;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not forward {Method} {Path} to {Service}: {Error}; answered {StatusCode}")]
    private static partial void Failed(ILogger logger, string method, string path, string service, ForwarderError error,
        int statusCode, Exception? exception);
}
