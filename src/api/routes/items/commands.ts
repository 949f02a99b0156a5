import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandDef, commandOptions, runCommand } from '../../command-route.js';
import { ItemParams } from '../commands/schema.js';
import {
  AllocateJointlyBody,
  AssignOwnerBody,
  ChangeDueDateBody,
  ChangeRagBody,
  MarkCompleteBody,
  PostUpdateBody,
  ReasonBody,
  ReceiveRecommendationBody,
  RecordResponseBody,
  TransferBody,
} from './schema.js';

const tags = ['commands'];
/**
 * Item commands. Contributors may respond, post updates and re-rate items of their portfolios;
 * everything that changes who answers for an item, when, or whether it is closed is a manager's.
 */
export const itemCommandRoutes: FastifyPluginAsyncZod = async (app) => {
  const receiveRecommendation = commandDef({
    url: '/items',
    permission: 'manage',
    tags,
    summary: 'Receive a recommendation / area for improvement into a plan (manager)',
    params: z.strictObject({}),
    body: ReceiveRecommendationBody,
    build: (_p, { effectiveOn: _e, onBehalfOf: _o, ...data }) => ({
      command: { type: 'ReceiveRecommendation', data },
    }),
  });
  app.post(receiveRecommendation.url, commandOptions(receiveRecommendation), (request, reply) =>
    runCommand(app, request, reply, receiveRecommendation, request.params, request.body, request.headers),
  );
  const assignOwner = commandDef({
    url: '/items/:itemId/owners',
    permission: 'manage',
    tags,
    summary: 'Assign the strategic lead and action owner (manager)',
    params: ItemParams,
    body: AssignOwnerBody,
    build: ({ itemId }, { listingPlanId, strategicLead, actionOwner }) => ({
      command: { type: 'AssignOwner', data: { itemId, listingPlanId, strategicLead, actionOwner } },
    }),
  });
  app.post(assignOwner.url, commandOptions(assignOwner), (request, reply) =>
    runCommand(app, request, reply, assignOwner, request.params, request.body, request.headers),
  );
  const changeDueDate = commandDef({
    url: '/items/:itemId/due-date',
    permission: 'manage',
    tags,
    summary: 'Change the due date or timescale, with a reason (manager)',
    params: ItemParams,
    body: ChangeDueDateBody,
    build: ({ itemId }, { listingPlanId, dueDate, timescale, reason, escalated }) => ({
      command: {
        type: 'ChangeDueDate',
        data: { itemId, listingPlanId, dueDate, timescale, reason, escalated },
      },
    }),
  });
  app.post(changeDueDate.url, commandOptions(changeDueDate), (request, reply) =>
    runCommand(app, request, reply, changeDueDate, request.params, request.body, request.headers),
  );
  const recordResponse = commandDef({
    url: '/items/:itemId/response',
    permission: 'contribute',
    tags,
    summary: 'Record the initial management response (contributor on its portfolio)',
    params: ItemParams,
    body: RecordResponseBody,
    build: ({ itemId }, { listingPlanId, response }) => ({
      scopeItemId: itemId,
      command: { type: 'RecordResponse', data: { itemId, listingPlanId, response } },
    }),
  });
  app.post(recordResponse.url, commandOptions(recordResponse), (request, reply) =>
    runCommand(app, request, reply, recordResponse, request.params, request.body, request.headers),
  );
  const postUpdate = commandDef({
    url: '/items/:itemId/updates',
    permission: 'contribute',
    tags,
    summary: 'Post a dated progress update (contributor on its portfolio)',
    params: ItemParams,
    body: PostUpdateBody,
    build: ({ itemId }, { text }) => ({
      scopeItemId: itemId,
      command: { type: 'PostUpdate', data: { itemId, text } },
    }),
  });
  app.post(postUpdate.url, commandOptions(postUpdate), (request, reply) =>
    runCommand(app, request, reply, postUpdate, request.params, request.body, request.headers),
  );
  const changeRag = commandDef({
    url: '/items/:itemId/rag',
    permission: 'contribute',
    tags,
    summary: 'Change the RAG status (contributor on its portfolio)',
    params: ItemParams,
    body: ChangeRagBody,
    build: ({ itemId }, { to, reason }) => ({
      scopeItemId: itemId,
      command: { type: 'ChangeRag', data: { itemId, to, reason } },
    }),
  });
  app.post(changeRag.url, commandOptions(changeRag), (request, reply) =>
    runCommand(app, request, reply, changeRag, request.params, request.body, request.headers),
  );
  const markComplete = commandDef({
    url: '/items/:itemId/complete',
    permission: 'manage',
    tags,
    summary: 'Mark the item complete (manager)',
    params: ItemParams,
    body: MarkCompleteBody,
    build: ({ itemId }, { evidence }) => ({
      command: { type: 'MarkComplete', data: { itemId, evidence } },
    }),
  });
  app.post(markComplete.url, commandOptions(markComplete), (request, reply) =>
    runCommand(app, request, reply, markComplete, request.params, request.body, request.headers),
  );
  const reopen = commandDef({
    url: '/items/:itemId/reopen',
    permission: 'manage',
    tags,
    summary: 'Reopen a closed item, with a reason (manager)',
    params: ItemParams,
    body: ReasonBody,
    build: ({ itemId }, { reason }) => ({
      command: { type: 'Reopen', data: { itemId, reason } },
    }),
  });
  app.post(reopen.url, commandOptions(reopen), (request, reply) =>
    runCommand(app, request, reply, reopen, request.params, request.body, request.headers),
  );
  const markNotApplicable = commandDef({
    url: '/items/:itemId/not-applicable',
    permission: 'manage',
    tags,
    summary: 'Close the item as not this organisation’s to deliver (manager)',
    params: ItemParams,
    body: ReasonBody,
    build: ({ itemId }, { reason }) => ({
      command: { type: 'MarkNotApplicable', data: { itemId, reason } },
    }),
  });
  app.post(markNotApplicable.url, commandOptions(markNotApplicable), (request, reply) =>
    runCommand(app, request, reply, markNotApplicable, request.params, request.body, request.headers),
  );
  const transferToPlan = commandDef({
    url: '/items/:itemId/transfer',
    permission: 'manage',
    tags,
    summary: "Transfer the item to another portfolio's plan (manager)",
    params: ItemParams,
    body: TransferBody,
    build: ({ itemId }, { toPlanId, note }) => ({
      command: { type: 'TransferToPlan', data: { itemId, toPlanId, note } },
    }),
  });
  app.post(transferToPlan.url, commandOptions(transferToPlan), (request, reply) =>
    runCommand(app, request, reply, transferToPlan, request.params, request.body, request.headers),
  );
  const allocateJointly = commandDef({
    url: '/items/:itemId/joint-allocation',
    permission: 'manage',
    tags,
    summary: 'Share the item with other plans; one answers for it (manager)',
    params: ItemParams,
    body: AllocateJointlyBody,
    build: ({ itemId }, { withPlanIds, leadPlanId }) => ({
      command: { type: 'AllocateJointly', data: { itemId, withPlanIds, leadPlanId } },
    }),
  });
  app.post(allocateJointly.url, commandOptions(allocateJointly), (request, reply) =>
    runCommand(app, request, reply, allocateJointly, request.params, request.body, request.headers),
  );
};
