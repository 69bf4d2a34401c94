import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CreatedToken, TokenView } from '@leaderboard/contracts';
import type { ApiTokenKind } from '../api-token.util.js';

export const TOKEN_KINDS: readonly ApiTokenKind[] = ['display', 'integration'];

export class CreateTokenDto {
  @ApiProperty({
    enum: TOKEN_KINDS,
    description: 'display: a TV reading boards; integration: a system sending events',
  })
  @IsIn(TOKEN_KINDS)
  kind: ApiTokenKind;

  @ApiProperty({ example: 'Sales floor TV' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ description: 'Integration tokens only: the one event source this token may send' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  source?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the token stops working; never when absent',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

/** A token as lists show it: no secret, only its first characters. */
export class TokenViewDto implements TokenView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: TOKEN_KINDS })
  kind: ApiTokenKind;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The first characters of the token, e.g. `dsp_Ab3x`' })
  prefix: string;

  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  @ApiProperty({ enum: ['active', 'revoked', 'expired'] })
  status: 'active' | 'revoked' | 'expired';
}

export class CreatedTokenDto extends TokenViewDto implements CreatedToken {
  @ApiProperty({ description: 'The secret token. Shown only in this answer; store it now.' })
  token: string;
}
