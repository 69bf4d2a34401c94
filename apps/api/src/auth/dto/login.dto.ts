import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { LoginResponse, MeView, Role, WhoAmIView } from '@leaderboard/contracts';

export const ROLES: readonly Role[] = ['admin', 'manager', 'rep'];

export class LoginDto {
  @ApiProperty({ example: 'manager@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'JWT; send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class MeDto implements MeView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  repId: string | null;
}

export class WhoAmIDto implements WhoAmIView {
  @ApiProperty({ enum: ['user', 'display', 'integration'] })
  kind: 'user' | 'display' | 'integration';

  @ApiProperty({ format: 'uuid', description: 'The user id, or the token id' })
  id: string;

  @ApiProperty({ description: "The user's e-mail, or the token's name" })
  name: string;

  @ApiProperty({ enum: ROLES, nullable: true })
  role: Role | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Integration tokens: the one source they may send',
  })
  source: string | null;
}
