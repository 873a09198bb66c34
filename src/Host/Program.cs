using Pulse.Host.Commands;

return await PulseCli.InvokeAsync(args).ConfigureAwait(false);
