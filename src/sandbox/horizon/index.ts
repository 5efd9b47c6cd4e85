// Pi's Horizon, simulated: start it over a SimChain and point stellar-sdk or axios at its url.
export { startHorizon, type HorizonOptions, type RunningHorizon } from './start-horizon'
export { HORIZON_VERSION } from './routes/network-routes'
