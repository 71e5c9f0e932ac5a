/**
 * Tugboat's Rollout (SPEC §7): the parsed spec, the persisted state of its state machine, what the
 * state machine observes of the cluster and the actions it asks for. Plain data throughout, so a pass
 * can be persisted before it acts and resumed after a restart.
 */

export const ROLLOUT_API_VERSION = 'tugboat.dev/v1alpha1';
export const ROLLOUT_GROUP = 'tugboat.dev';
/** Label of a Rollout's ReplicaSets and pods, added to the selectors of the Services it drives. */
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';
/** Field manager of everything the rollout state machine writes (ReplicaSets, Service selector labels, status). */
export const ROLLOUT_MANAGER = 'tugboat-rollouts';

export type RolloutPhase = 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted';
export type RolloutStrategyName = 'blueGreen' | 'canary';

export interface BlueGreenStrategy {
  kind: 'blueGreen';
  activeService: string;
  previewService?: string;
  /** Default: true */
  autoPromotionEnabled: boolean;
  /** Seconds after the new ReplicaSet is fully ready before the switch. Default: 0 */
  autoPromotionSeconds: number;
  /** Seconds the old ReplicaSet keeps running after the switch. Default: 30 */
  scaleDownDelaySeconds: number;
  /** Replicas of the new ReplicaSet before promotion. Default: spec.replicas */
  previewReplicaCount?: number;
  /** Seconds the aborted ReplicaSet keeps running. Default: 30 */
  abortScaleDownDelaySeconds: number;
}

export type CanaryStep =
  | { setWeight: number }
  /** `duration` in seconds; absent: wait for `tugboat promote`. */
  | { pause: { duration?: number } }
  | { setCanaryScale: { replicas?: number; weight?: number; matchTrafficWeight?: boolean } };

export interface CanaryStrategy {
  kind: 'canary';
  steps: CanaryStep[];
  /** Int or percent of spec.replicas. Default: "25%" */
  maxSurge: number | string;
  /** Int or percent of spec.replicas. Default: "25%" */
  maxUnavailable: number | string;
  canaryService?: string;
  stableService?: string;
  /** Seconds the aborted canary ReplicaSet keeps running. Default: 30 */
  abortScaleDownDelaySeconds: number;
}

export interface RolloutSpec {
  name: string;
  namespace: string;
  /** Git revision the spec was rendered from. */
  revision: string;
  replicas: number;
  /** Idle old ReplicaSets kept. Default: 10 */
  revisionHistoryLimit: number;
  /** Default: 600 */
  progressDeadlineSeconds: number;
  minReadySeconds: number;
  selector: Record<string, string>;
  template: Record<string, unknown>;
  /** The pod template's hash: the new ReplicaSet is `<name>-<templateHash>`. */
  templateHash: string;
  strategy: BlueGreenStrategy | CanaryStrategy;
}

/** What the state machine remembers between passes (persisted before any action is taken). */
export interface RolloutState {
  strategy: RolloutStrategyName;
  phase: RolloutPhase;
  message: string;
  /** The ReplicaSet serving as stable (the one the active / stable Service points at). */
  stableHash?: string;
  stableRevision?: string;
  /** The template being rolled out (equal to stableHash when nothing is in progress). */
  currentHash?: string;
  currentRevision?: string;
  /** Canary: index of the step being worked on (steps.length = all done). Blue/green: 0 before the switch, 1 after. */
  currentStep: number;
  /** When the current step began: the progress deadline counts from here. */
  stepStartedAt?: number;
  /** When the current pause began (canary pause, blue/green waiting for promote). */
  pauseStartedAt?: number;
  /** Blue/green: when the new ReplicaSet was first fully ready (autoPromotionSeconds counts from here). */
  readyAt?: number;
  /** Blue/green: promotion decided; the new ReplicaSet scales to spec.replicas, then the switch. */
  promoting?: boolean;
  /** A promote request not yet acted on. */
  promote?: 'step' | 'full';
  /** An abort request not yet acted on. */
  abort?: boolean;
  /** A retry of an aborted template (an explicit sync of its revision). */
  retry?: boolean;
  /** Canary: the traffic weight of the last setWeight step. Blue/green: 0 before the switch, 100 after. */
  weight: number;
  /** Canary: an explicit canary scale from setCanaryScale. */
  canaryScale?: { replicas?: number; weight?: number; matchTrafficWeight?: boolean };
  /** Why it was aborted (reason constant and message). */
  abortReason?: string;
  /** Old ReplicaSets (by hash) to scale to 0 at this time (ms). */
  scaleDownAt: Record<string, number>;
}

export interface ObservedReplicaSet {
  hash: string;
  name: string;
  /** spec.replicas */
  specReplicas: number;
  /** status */
  replicas: number;
  ready: number;
  available: number;
  /** Creation time (ms) for history cleanup order. */
  createdAt: number;
  /** A pod problem that will not heal by waiting: CrashLoopBackOff, ImagePullBackOff, ErrImagePull… */
  podProblem?: string;
}

export interface ObservedService {
  exists: boolean;
  /** The value of the rollouts-pod-template-hash key in its selector, when set. */
  hash?: string;
}

export interface Observed {
  replicaSets: ObservedReplicaSet[];
  services: Record<string, ObservedService>;
}

export type RolloutAction =
  /** Creates the ReplicaSet (only for the spec's template hash) or scales it. */
  | { type: 'scaleReplicaSet'; hash: string; replicas: number }
  /** Adds rollouts-pod-template-hash=<hash> to the Service's selector. */
  | { type: 'pointService'; service: string; hash: string }
  | { type: 'deleteReplicaSet'; hash: string };

export type RolloutEventName = 'rollout.step' | 'rollout.paused' | 'rollout.promoted' | 'rollout.aborted';

export interface RolloutEvent {
  name: RolloutEventName;
  message: string;
  fields: Record<string, unknown>;
}

/** The Rollout's status as written to the cluster object. */
export interface RolloutStatus {
  phase: RolloutPhase;
  message: string;
  observedGeneration?: number;
  currentStepIndex: number;
  currentPodHash: string;
  stableRS: string;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  weight: number;
  abort: boolean;
  blueGreen?: { activeSelector: string; previewSelector: string };
  canary?: { weight: number; stableService?: string; canaryService?: string };
}

/** One Rollout as AppStatus.rollouts[] shows it (SPEC §4). */
export interface RolloutView {
  name: string;
  strategy: RolloutStrategyName;
  phase: RolloutPhase;
  currentStep: number;
  weight: number;
  stableRevision: string;
  activeRevision: string;
  previewRevision: string;
  message: string;
}

export interface StepResult {
  state: RolloutState;
  actions: RolloutAction[];
  status: RolloutStatus;
  events: RolloutEvent[];
  /** Run again at this time (ms) even when nothing in the cluster changes: pause ends, delays, deadlines. */
  wakeAt?: number;
  /** Set on the pass that aborted the rollout. */
  aborted?: { reason: string; message: string; revision: string; stableRevision: string; manual: boolean };
  /** Set on the pass that fully promoted it. */
  promoted?: { revision: string };
}
