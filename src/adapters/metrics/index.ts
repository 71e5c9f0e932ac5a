export {
  createPrometheusRecorder,
  type PrometheusRecorder,
  type RolloutInfoEvent,
  type RolloutWeightEvent,
} from './prometheus.js';
