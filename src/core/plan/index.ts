export { applyOrder, deleteOrder, kindRank, sortForApply, sortForDelete, HELM_INSTALL_ORDER } from './apply-order.js';
export { planPrune, describePrune, PRUNE_BLOCKED, type PrunePlan, type PrunePlanInput } from './prune.js';
