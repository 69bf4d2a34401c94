import { UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, type BoardSubscribeAck, type KpiSubscribeAck } from '@leaderboard/contracts';
import type { Socket } from 'socket.io';
import { createValidationPipe } from '../common/validation.pipe.js';
import { BoardSubscriptionDto } from './dto/board-subscription.dto.js';
import { KpiSubscriptionDto } from './dto/kpi-subscription.dto.js';
import { LiveExceptionFilter } from './live-exception.filter.js';
import { LiveService, type LiveNamespace } from './live.service.js';

/**
 * `/live` (SPEC section 9): routes messages to LiveService. Global pipes and filters do not cover
 * gateways, so validation (whitelist, unknown fields refused) and the error answer are bound here.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
@UsePipes(createValidationPipe())
@UseFilters(LiveExceptionFilter)
export class LiveGateway implements OnGatewayInit {
  constructor(private readonly live: LiveService) {}

  afterInit(server: LiveNamespace): void {
    this.live.attach(server);
  }

  @SubscribeMessage('board:subscribe')
  subscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: BoardSubscriptionDto,
  ): Promise<BoardSubscribeAck> {
    return this.live.subscribe(socket as Parameters<LiveService['subscribe']>[0], body);
  }

  @SubscribeMessage('board:unsubscribe')
  unsubscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: BoardSubscriptionDto,
  ): Promise<{ ok: boolean }> {
    return this.live.unsubscribe(socket as Parameters<LiveService['unsubscribe']>[0], body);
  }

  @SubscribeMessage('kpis:subscribe')
  subscribeKpis(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: KpiSubscriptionDto,
  ): Promise<KpiSubscribeAck> {
    return this.live.subscribeKpis(socket as Parameters<LiveService['subscribeKpis']>[0], body);
  }

  @SubscribeMessage('kpis:unsubscribe')
  unsubscribeKpis(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: KpiSubscriptionDto,
  ): Promise<{ ok: boolean }> {
    return this.live.unsubscribeKpis(socket as Parameters<LiveService['unsubscribeKpis']>[0], body);
  }
}
